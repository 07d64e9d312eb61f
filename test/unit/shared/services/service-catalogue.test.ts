import { describe, expect, it } from 'vitest';
import { ROUTES } from '../../../../infra/topology.ts';
import { ValidationError } from '../../../../shared/domain/errors.ts';
import { GROUPS } from '../../../../shared/dossiers/catalogue.ts';
import { SERVICES, ServiceListResponseSchema, ServiceSchema } from '../../../../shared/services/catalogue/index.ts';
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

  it('says that exactly service 1 and the two procedure groups run online today, and how to start each', () => {
    const online = SERVICES.filter((s) => s.online === 'full');
    expect(online.map((s) => [s.code, s.start])).toEqual([
      [1, { kind: 'route', path: '/v1/services/old-id-confirmations' }],
      [17, { kind: 'group', group: 'birth-group' }],
      [18, { kind: 'group', group: 'death-group' }],
    ]);
    const postRoutes = ROUTES.filter((r) => r.method === 'POST').map((r) => r.path);
    for (const service of online) {
      expect(postRoutes).toContain(service.start?.kind === 'route' ? service.start.path : '/v1/dossiers');
    }
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

  it('refuses an entry that is online without a way to start it, or started without being online', () => {
    const base = entry(2);
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
