import { describe, expect, it } from 'vitest';
import { FUNCTIONS, ROUTES, serviceFunctionId } from '../../../../infra/topology.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { GROUPS } from '../../../../shared/dossiers/catalogue.ts';
import { SERVICES, ServiceListResponseSchema, ServiceSchema } from '../../../../shared/services/catalogue/index.ts';
import { HOUSEHOLD_HEAD_CHANGE_CODE } from '../../../../shared/services/procedures/household-head-change.ts';
import { SERVICE_PROCEDURES } from '../../../../shared/services/procedures/index.ts';
import { RECORD_CORRECTION_CODE } from '../../../../shared/services/procedures/record-correction.ts';
import { getService, listServices } from '../../../../shared/services/service-catalogue.ts';

const entry = (code: number) => {
  const found = SERVICES[code - 1];
  if (!found) throw new Error(`no service ${code}`);
  return found;
};

describe('the catalogue of essential services', () => {
  it('lists the 25 services by code, each valid against the schema the API publishes', () => {
    const { services } = listServices();
    expect(services.map((s) => s.code)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(ServiceListResponseSchema.safeParse({ services }).success).toBe(true);
  });

  it('says which services run online today, and how to start each', () => {
    const online = SERVICES.filter((s) => s.online === 'full');
    const dossierServices = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 19, 20, 21, 22, 23, 24, 25];
    expect(online.map((s) => s.code)).toEqual([1, ...dossierServices, 17, 18].sort((a, b) => a - b));
    expect(SERVICES.find((s) => s.code === 1)?.start).toEqual({
      kind: 'route',
      path: '/v1/services/old-id-confirmations',
    });
    expect(SERVICES.find((s) => s.code === 17)?.start).toEqual({ kind: 'group', group: 'birth-group' });
    for (const code of dossierServices) {
      const service = SERVICES.find((s) => s.code === code);
      expect(service?.start).toEqual({ kind: 'dossier', path: `/v1/services/${service?.slug}/dossiers` });
    }
    const postRoutes = ROUTES.filter((r) => r.method === 'POST').map((r) => r.path);
    for (const service of online) {
      expect(postRoutes).toContain(service.start?.kind === 'group' ? '/v1/dossiers' : service.start?.path);
    }
  });

  it('has rules for every dossier service and a catalogue entry for every rules file, each with its own function', () => {
    const withDossier = SERVICES.filter((s) => s.start?.kind === 'dossier').map((s) => s.code);
    // Besides the catalogue's: the record correction (code 0) and the change of household head (code 100), not among
    // the 25, each at its own route.
    expect([...SERVICE_PROCEDURES.keys()].sort((a, b) => a - b)).toEqual([
      RECORD_CORRECTION_CODE,
      ...withDossier,
      HOUSEHOLD_HEAD_CHANGE_CODE,
    ]);
    for (const [path, functionId] of [
      ['/v1/me/record-corrections', 'SubmitRecordCorrection'],
      ['/v1/me/household-head-changes', 'SubmitHouseholdHeadChange'],
    ]) {
      expect(ROUTES).toContainEqual(expect.objectContaining({ method: 'POST', path, functionId }));
    }
    for (const code of withDossier) {
      const start = SERVICES[code - 1]?.start;
      const route = ROUTES.find((r) => start?.kind === 'dossier' && r.path === start.path);
      expect(route?.functionId).toBe(serviceFunctionId(code));
      expect(FUNCTIONS.filter((f) => f.id === serviceFunctionId(code))).toHaveLength(1);
    }
  });

  it("marks the services decided in an owner agency's own system, and only those", () => {
    const external = SERVICES.filter((s) => s.boundary !== undefined).map((s) => s.code);
    expect(external).toEqual([7, 8, 9, 10, 11, 13, 19, 21, 22, 23, 24, 25]);
    for (const code of external) expect(SERVICE_PROCEDURES.get(code)?.agency).toBeDefined();
  });

  it('takes the procedure groups’ names and time limits from the groups themselves, not a second copy', () => {
    for (const group of Object.values(GROUPS)) {
      const service = entry(group.serviceNumber);
      expect(service.name).toEqual(group.title);
      expect(service.deadlineWorkingDays).toBe(group.dueWorkingDays);
    }
  });

  it('keeps the 2025 owners as data: criminal records and driving licences with Public Security, VSS under Finance', () => {
    expect(entry(12).owner.agency).toBe('public-security');
    expect(entry(13).owner.agency).toBe('public-security');
    expect(entry(20).owner.name.en).toMatch(/Ministry of Finance/);
    expect(entry(23).owner.agency).toBe('home-affairs');
  });

  it('marks every fee amount above zero as configuration with a note', () => {
    for (const service of SERVICES.filter((s) => s.fee.amountVnd > 0)) {
      expect(service.fee.note, `service ${service.code}`).toBeDefined();
    }
  });

  it('states exemptions as structured data: unique ids, a legal basis, how each is established', () => {
    const exemption = entry(12).fee.exemptions.find((e) => e.id === 'disability');
    expect(exemption?.establishedBy).toMatchObject({ kind: 'declaration', evidence: { vi: expect.any(String) } });
    expect(entry(12).fee.exemptions.find((e) => e.id === 'elderly')?.establishedBy).toEqual({
      kind: 'npdb',
      applicantAge: { atLeast: 60 },
    });
    const fee = entry(12).fee;
    const twice = { ...entry(12), fee: { ...fee, exemptions: [...fee.exemptions, fee.exemptions[0]] } };
    expect(ServiceSchema.safeParse(twice).success).toBe(false);
    const plainText = { ...entry(12), fee: { ...fee, exemptions: [{ vi: 'Trẻ em', en: 'Children' }] } };
    expect(ServiceSchema.safeParse(plainText).success).toBe(false);
    const noEvidence = {
      ...entry(12),
      fee: { ...fee, exemptions: [{ ...exemption, establishedBy: { kind: 'declaration' } }] },
    };
    expect(ServiceSchema.safeParse(noEvidence).success).toBe(false);
  });

  it('refuses an entry that is online without a way to start it, or started without being online', () => {
    const { start: _start, ...online } = entry(2);
    const base = { ...online, online: 'catalogue-only' as const };
    expect(ServiceSchema.safeParse(base).success).toBe(true);
    expect(ServiceSchema.safeParse({ ...base, online: 'full' }).success).toBe(false);
    expect(ServiceSchema.safeParse({ ...base, start: { kind: 'group', group: 'birth-group' } }).success).toBe(false);
    expect(ServiceSchema.safeParse({ ...base, code: 26 }).success).toBe(false);
  });
});

describe('getService', () => {
  it('finds a service by its code', () => {
    expect(getService('14').slug).toBe('birth-registration');
    expect(getService('017').code).toBe(17);
  });

  it.each(['0', '26', '999'])('answers 404 for code %s, which is not one of the 25', (code) => {
    expect(() => getService(code)).toThrow(expect.objectContaining({ httpStatus: 404 }));
  });

  it.each(['abc', '1.5', '-1', '', '1e1', ' 1'])('answers 400 naming path.code for "%s"', (code) => {
    try {
      getService(code);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.field)).toEqual(['path.code']);
    }
  });
});
