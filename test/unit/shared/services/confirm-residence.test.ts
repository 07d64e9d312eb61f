import { describe, expect, it } from 'vitest';
import { verifyOldIdConfirmation } from '../../../../shared/services/confirm-old-id-number.ts';
import { confirmResidence } from '../../../../shared/services/confirm-residence.ts';
import { citizen, memoryAccessLog, memoryDocuments, memoryPopulation } from '../../../support/memory-ports.ts';

const temporary = { communeCode: '00004', provinceCode: '01', addressLine: 'Phòng 3, số 8', since: '2026-06-01' };
const resident = citizen({ pin: '001085000011', temporaryResidence: { ...temporary, until: '2027-05-31' } });
const lapsed = citizen({ pin: '001085000012', temporaryResidence: { ...temporary, until: '2026-11-30' } });
const deleted = citizen({
  pin: '001085000013',
  permanentResidenceDeleted: { on: '2026-10-01', reason: 'death', dossierId: 'HS01-20261001-ABCDEFGHJK' },
});
const now = () => new Date('2026-12-05T03:00:00Z');

const setup = () => {
  const documents = memoryDocuments();
  const log = memoryAccessLog();
  const confirm = confirmResidence({
    population: memoryPopulation([resident, lapsed, deleted]),
    documents: documents.store,
    accessLog: log.recorder,
    now,
  });
  return { confirm, documents, log };
};

describe('residence confirmation from the NPDB', () => {
  it('confirms the permanent residence and a running temporary residence, verifiable with its code, logged', async () => {
    const { confirm, documents, log } = setup();
    const { document: issued } = await confirm(resident.pin, 'req-1');
    expect(issued).toMatchObject({
      type: 'residence-confirmation',
      number: expect.stringMatching(/^XNCT-20261205-[A-HJ-NP-Z2-9]{10}$/),
      permanentResidence: resident.permanentResidence,
      temporaryResidence: resident.temporaryResidence,
      householdId: 'H1',
    });
    expect(issued.statement.en).toContain(resident.permanentResidence.addressLine);
    expect(documents.documents.get(issued.number)).toEqual(issued);
    expect(log.entries).toEqual([
      expect.objectContaining({ subjectPin: resident.pin, purpose: 'residence-confirmation' }),
    ]);

    const verify = verifyOldIdConfirmation({ documents: documents.store, accessLog: log.recorder });
    const shown = await verify(issued.number, issued.verificationCode.toLowerCase(), 'req-2');
    expect(shown).toMatchObject({ valid: true, type: 'residence-confirmation', subject: { pin: resident.pin } });
    expect(log.entries.at(-1)).toMatchObject({
      purpose: 'document-verification',
      fields: expect.arrayContaining(['fullName', 'pin', 'permanentResidence', 'temporaryResidence']),
    });
    await expect(verify(issued.number, '000000000000', 'req-3')).rejects.toThrow(/No confirmation/);
  });

  it('leaves out a temporary residence that has ended', async () => {
    const { confirm } = setup();
    const { document: issued } = await confirm(lapsed.pin, 'req-4');
    expect(issued).not.toHaveProperty('temporaryResidence');
    expect(issued.statement.vi).not.toContain('tạm trú');
  });

  it('confirms nothing, and writes nothing, for a deleted residence or an unknown PIN', async () => {
    const { confirm, documents, log } = setup();
    await expect(confirm(deleted.pin, 'req-5')).rejects.toMatchObject({ httpStatus: 409 });
    await expect(confirm('001085999999', 'req-6')).rejects.toMatchObject({ httpStatus: 404 });
    expect(documents.documents.size).toBe(0);
    expect(log.entries).toEqual([]);
  });
});
