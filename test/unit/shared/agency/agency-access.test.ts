import { describe, expect, it } from 'vitest';
import { agencyAccessor, authorizeAgency } from '../../../../shared/agency/authorize-agency.ts';
import { ekycIdentity } from '../../../../shared/agency/ekyc-identity.ts';
import { hospitalCheckIn } from '../../../../shared/agency/hospital-check-in.ts';
import { PURPOSES } from '../../../../shared/agency/purposes.ts';
import { grantConsent, revokeConsent } from '../../../../shared/consent/consents.ts';
import { citizen, memoryAccessLog, memoryConsents, memoryPopulation } from '../../../support/memory-ports.ts';

const now = () => new Date('2026-11-23T03:00:00Z');
const card = { number: 'DN4010123456789', validFrom: '2026-01-01', validUntil: '2026-12-31', facilityCode: '01001' };
const insured = citizen({ pin: '001085000001', healthInsurance: card });
const lapsed = citizen({ pin: '001085000002', healthInsurance: { ...card, validUntil: '2026-06-30' } });
const deceased = citizen({ pin: '001085000003', status: 'deceased', deathDate: '2026-02-01', healthInsurance: card });
const population = memoryPopulation([insured, lapsed, deceased]);
const hospital = { kind: 'agency' as const, clientId: 'hospital-bach-mai', scopes: ['hospital:checkin'] };
const bank = { kind: 'agency' as const, clientId: 'bank-vcb', scopes: ['ekyc:identity'] };
const ekycPurpose = { purpose: 'ekyc', allowedFields: ['pin', 'fullName', 'birthDate', 'sex', 'permanentAddress'] };

describe('hospitalCheckIn', () => {
  it('answers only coverage, card number, valid-until and facility, and logs exactly those fields', async () => {
    const log = memoryAccessLog();
    const answer = await hospitalCheckIn({ population, accessLog: log.recorder, now })(
      hospital,
      { pin: insured.pin, chipVerified: true },
      'r1',
    );
    expect(answer).toEqual({
      pin: insured.pin,
      coverageStatus: 'active',
      cardNumber: card.number,
      validUntil: card.validUntil,
      registeredFacility: '01001',
    });
    expect(log.entries).toEqual([
      expect.objectContaining({
        subjectPin: insured.pin,
        fields: ['cardNumber', 'coverageStatus', 'registeredFacility', 'validUntil'],
        purpose: 'hospital-check-in',
      }),
    ]);
    expect(log.entries[0]?.legalBasis).toMatch(/chip data verified/);
  });

  it('reports an expired card as expired and a deceased citizen as not covered', async () => {
    const log = memoryAccessLog();
    const checkIn = hospitalCheckIn({ population, accessLog: log.recorder, now });
    expect((await checkIn(hospital, { pin: lapsed.pin, chipVerified: false }, 'r')).coverageStatus).toBe('expired');
    expect(await checkIn(hospital, { pin: deceased.pin, chipVerified: false }, 'r')).toEqual({
      pin: deceased.pin,
      coverageStatus: 'none',
    });
  });

  it('answers 404 for an unknown PIN and logs nothing', async () => {
    const log = memoryAccessLog();
    await expect(
      hospitalCheckIn({ population, accessLog: log.recorder, now })(
        hospital,
        { pin: '001085999999', chipVerified: false },
        'r',
      ),
    ).rejects.toMatchObject({ httpStatus: 404 });
    expect(log.entries).toEqual([]);
  });
});

describe("the agency's name in the citizen's access log", () => {
  const named = { ...hospital, clientName: 'Bệnh viện Bạch Mai' };

  it('is the registered name from the token, beside the client ID oversight queries by', async () => {
    const log = memoryAccessLog();
    await hospitalCheckIn({ population, accessLog: log.recorder, now })(
      named,
      { pin: insured.pin, chipVerified: true },
      'r',
    );
    expect(log.entries[0]?.accessor).toEqual({ type: 'agency', id: 'hospital-bach-mai', name: 'Bệnh viện Bạch Mai' });
  });

  it('names the agency in a refused attempt too', async () => {
    const log = memoryAccessLog();
    const authorize = authorizeAgency({ population, accessLog: log.recorder });
    await expect(authorize(named, PURPOSES['ekyc:identity'], insured.pin, 'r')).rejects.toMatchObject({
      httpStatus: 403,
    });
    expect(log.entries).toEqual([
      expect.objectContaining({
        outcome: 'denied',
        accessor: { type: 'agency', id: 'hospital-bach-mai', name: 'Bệnh viện Bạch Mai' },
      }),
    ]);
  });

  it('is left out for a token issued without it, so the log shows the client ID', () => {
    expect(agencyAccessor(hospital)).toEqual({ type: 'agency', id: 'hospital-bach-mai' });
  });
});

describe('ekycIdentity', () => {
  it('refuses without consent, logs the refusal and discloses nothing', async () => {
    const log = memoryAccessLog();
    const consents = memoryConsents();
    await expect(
      ekycIdentity({ population, consents, accessLog: log.recorder, now })(bank, { pin: insured.pin }, 'r'),
    ).rejects.toMatchObject({
      httpStatus: 403,
    });
    expect(log.entries).toEqual([expect.objectContaining({ outcome: 'denied', fields: [], reason: 'no consent' })]);
  });

  it('gives exactly the consented fields, then nothing after revocation or expiry', async () => {
    const log = memoryAccessLog();
    const consents = memoryConsents();
    const ekyc = ekycIdentity({ population, consents, accessLog: log.recorder, now });
    await grantConsent({ consents, now })(insured.pin, 'bank-vcb', ekycPurpose, {
      fields: ['fullName', 'permanentAddress'],
      days: 30,
    });
    const answer = await ekyc(bank, { pin: insured.pin }, 'r');
    expect(Object.keys(answer).sort()).toEqual(['consentExpiresAt', 'fullName', 'permanentAddress']);
    expect((answer as Record<string, unknown>).permanentAddress).toMatch(/Hà Nội/);
    await revokeConsent({ consents, now })(insured.pin, 'bank-vcb');
    await expect(ekyc(bank, { pin: insured.pin }, 'r')).rejects.toThrow(/revoked/);
    const later = ekycIdentity({
      population,
      consents,
      accessLog: log.recorder,
      now: () => new Date('2027-06-01T00:00:00Z'),
    });
    await grantConsent({ consents, now })(insured.pin, 'bank-vcb', ekycPurpose, { fields: ['fullName'], days: 30 });
    await expect(later(bank, { pin: insured.pin }, 'r')).rejects.toThrow(/expired/);
  });

  it('refuses consent to a field the purpose does not allow', async () => {
    await expect(
      grantConsent({ consents: memoryConsents(), now })(insured.pin, 'bank-vcb', ekycPurpose, {
        fields: ['healthInsurance'],
        days: 1,
      }),
    ).rejects.toMatchObject({ httpStatus: 400 });
  });
});
