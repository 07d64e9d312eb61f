import { describe, expect, it } from 'vitest';
import { NUMBER_ALPHABET } from '../../../../shared/domain/issued-numbers.ts';
import { newDossierId } from '../../../../shared/dossiers/dossier.ts';
import {
  confirmOldIdNumber,
  documentNumber,
  type OldIdConfirmation,
  verifyOldIdConfirmation,
} from '../../../../shared/services/confirm-old-id-number.ts';
import { residenceConfirmationNumber } from '../../../../shared/services/confirm-residence.ts';
import {
  citizen,
  memoryAccessLog,
  memoryPopulation,
  memoryDocuments as memoryStore,
} from '../../../support/memory-ports.ts';

const memoryDocuments = () => memoryStore().store;

const holder = citizen({ pin: '001085000001', oldIdNumber: '012345678' });
const without = citizen({ pin: '001085000002' });
const now = () => new Date('2026-11-23T03:00:00Z');

describe('confirmOldIdNumber', () => {
  it('issues a dated, numbered confirmation stating the old number, and logs the disclosure', async () => {
    const log = memoryAccessLog();
    const documents = memoryDocuments();
    const { document } = await confirmOldIdNumber({
      population: memoryPopulation([holder]),
      documents,
      accessLog: log.recorder,
      now,
    })({ type: 'citizen', id: holder.pin }, holder.pin, 'r');
    expect(document).toMatchObject({
      oldIdNumber: '012345678',
      issuedAt: '2026-11-23T03:00:00.000Z',
      number: expect.stringMatching(/^XN-20261123-/),
    });
    expect(document.statement.vi).toContain('012345678');
    expect(log.entries).toEqual([expect.objectContaining({ subjectPin: holder.pin, purpose: 'confirm-old-id' })]);
    const verified = await verifyOldIdConfirmation({ documents, accessLog: log.recorder })(
      document.number,
      document.verificationCode.toLowerCase(),
      'r',
    );
    expect(verified).toMatchObject({ valid: true, oldIdNumber: '012345678' });
    await expect(
      verifyOldIdConfirmation({ documents, accessLog: log.recorder })(document.number, 'ABCDEFABCDEF', 'r'),
    ).rejects.toMatchObject({
      httpStatus: 404,
    });
  });

  it('verifies a revoked death extract as genuine but no longer valid, and logs the check', async () => {
    const log = memoryAccessLog();
    const documents = memoryDocuments();
    const extract = {
      number: 'KT01-20261123-ABCDEFGHJK',
      verificationCode: 'ABCDEF012345',
      type: 'death-extract',
      issuedAt: '2026-11-23T03:00:00.000Z',
      issuedTo: { type: 'citizen', id: holder.pin },
      subject: { pin: holder.pin, fullName: holder.fullName, birthDate: holder.birthDate },
      statement: { vi: 'Trích lục khai tử', en: 'Death extract' },
      revokedAt: '2026-11-24T03:00:00.000Z',
      revocationReason: 'Người này vẫn còn sống',
    } as unknown as OldIdConfirmation;
    await documents.create(extract);
    const verified = await verifyOldIdConfirmation({ documents, accessLog: log.recorder })(
      extract.number,
      extract.verificationCode,
      'r',
    );
    expect(verified).toMatchObject({ valid: false, revokedAt: '2026-11-24T03:00:00.000Z' });
    expect(log.entries).toEqual([
      expect.objectContaining({
        subjectPin: holder.pin,
        fields: ['birthDate', 'deathDate', 'fullName', 'pin', 'status'],
      }),
    ]);
  });

  it("shows a criminal-record certificate's holder, type and whether a conviction is recorded, never its text", async () => {
    const log = memoryAccessLog();
    const documents = memoryDocuments();
    const certificate = {
      number: 'LL01-20261123-ABCDEFGHJK',
      verificationCode: 'ABCDEF012345',
      type: 'criminal-record-certificate',
      issuedAt: '2026-11-23T03:00:00.000Z',
      issuedTo: { type: 'citizen', id: holder.pin },
      subject: { pin: holder.pin, fullName: holder.fullName, birthDate: holder.birthDate },
      serviceCode: 12,
      dossierId: 'HS01-20261123-ABCDEFGHJK',
      statement: { vi: 'Phiếu số 2: Bản án 12/2019/HS-ST', en: 'Type 2: judgment 12/2019/HS-ST' },
      details: {
        certificateType: 2,
        holder: { fullName: holder.fullName, father: 'Nguyễn Văn Cha', mother: 'Lê Thị Mẹ', spouse: 'Trần Thị Vợ' },
        record: 'Bản án 12/2019/HS-ST: 2 năm tù, đã chấp hành xong',
        purpose: 'xin việc',
        copies: 1,
      },
    } as unknown as OldIdConfirmation;
    await documents.create(certificate);
    const verified = await verifyOldIdConfirmation({ documents, accessLog: log.recorder })(
      certificate.number,
      certificate.verificationCode,
      'r',
    );
    expect(verified).toEqual({
      valid: true,
      number: certificate.number,
      type: 'criminal-record-certificate',
      issuedAt: '2026-11-23T03:00:00.000Z',
      subject: { pin: holder.pin, fullName: holder.fullName },
      serviceCode: 12,
      statement: {
        vi: `Phiếu lý lịch tư pháp số 2 của ${holder.fullName}: có án tích.`,
        en: `Criminal-record certificate type 2 of ${holder.fullName}: conviction recorded.`,
      },
      details: { certificateType: 2, convictionRecorded: true },
    });
    expect(JSON.stringify(verified)).not.toMatch(/12\/2019|Cha|Mẹ|Vợ|xin việc/);
    // The access log says what was shown: no parent or spouse was disclosed, so none has an entry.
    expect(log.entries).toEqual([
      expect.objectContaining({ subjectPin: holder.pin, fields: ['criminalRecord', 'fullName', 'pin'] }),
    ]);
  });

  it('answers 404 when there is no old number to confirm', async () => {
    const confirm = confirmOldIdNumber({
      population: memoryPopulation([without]),
      documents: memoryDocuments(),
      accessLog: memoryAccessLog().recorder,
      now,
    });
    await expect(confirm({ type: 'citizen', id: without.pin }, without.pin, 'r')).rejects.toThrow(/no 9-digit/);
  });

  it('numbers documents so that they do not repeat', () => {
    const numbers = new Set(Array.from({ length: 1000 }, () => documentNumber(now())));
    expect(numbers.size).toBe(1000);
  });

  it('still verifies a confirmation numbered in the earlier format (UTC date, base64url characters)', async () => {
    const log = memoryAccessLog();
    const documents = memoryDocuments();
    const { document: issued } = await confirmOldIdNumber({
      population: memoryPopulation([holder]),
      documents,
      accessLog: log.recorder,
      now,
    })({ type: 'citizen', id: holder.pin }, holder.pin, 'r');
    const earlier = { ...issued, number: 'XN-20261207-UVIQRIYV-V' };
    await documents.create(earlier);
    await expect(
      verifyOldIdConfirmation({ documents, accessLog: log.recorder })(earlier.number, earlier.verificationCode, 'r'),
    ).resolves.toMatchObject({ valid: true, number: 'XN-20261207-UVIQRIYV-V' });
  });
});

describe('the numbers of confirmations issued from the NPDB', () => {
  /** 21:32 UTC on 7 December is 04:32 on 8 December in Vietnam. */
  const lateEveningUtc = new Date('2026-12-07T21:32:00Z');
  const FORMAT = /^(XN|XNCT)-(\d{8})-([A-HJ-NP-Z2-9]{10})$/;

  it('carry the date of issue in Vietnam, for service 1 as for residence confirmations and dossier IDs', () => {
    expect(documentNumber(lateEveningUtc)).toMatch(/^XN-20261208-/);
    expect(residenceConfirmationNumber(lateEveningUtc)).toMatch(/^XNCT-20261208-/);
    expect(newDossierId('01', '2026-12-08')).toMatch(/^HS01-20261208-/);
  });

  it('end in 10 base32 characters: no "-" to blur the parts, no 0/O or 1/I to misread', () => {
    for (let i = 0; i < 500; i++) {
      for (const number of [documentNumber(lateEveningUtc), residenceConfirmationNumber(lateEveningUtc)]) {
        expect(number).toMatch(FORMAT);
        expect(number.split('-')).toHaveLength(3);
      }
    }
  });

  it('use every character of the alphabet, so that the random part carries its 50 bits', () => {
    const seen = new Set(Array.from({ length: 500 }, () => documentNumber(lateEveningUtc).slice(-10)).join(''));
    expect([...seen].sort().join('')).toBe([...NUMBER_ALPHABET].sort().join(''));
  });
});
