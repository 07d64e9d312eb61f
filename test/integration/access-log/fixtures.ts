/** Shared set-up of the access-log integration tests: a store on the run's DynamoDB Local and unique PINs. */
import { randomInt } from 'node:crypto';
import type { AccessEntry } from '../../../shared/access-log/access-entry.ts';
import { AccessLogStore } from '../../../shared/adapters/dynamodb/access-log-store.ts';
import { testDocumentClient } from '../../support/clients.ts';

export const TABLE = 'AccessLog';

/** A PIN no other test uses (001 = Hà Nội), so tests never see each other's chains. */
export const uniquePin = () => `001${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;

export const client = testDocumentClient();
export const store = new AccessLogStore(client, TABLE);

/** A hospital reading a patient at check-in, the n-th read of a test. */
export const readOf = (subjectPin: string, n: number, overrides: Partial<AccessEntry> = {}): AccessEntry => ({
  subjectPin,
  accessor: { type: 'agency', id: 'hospital-bach-mai', name: 'Bệnh viện Bạch Mai', agency: 'Bộ Y tế' },
  fields: ['fullName', 'birthDate', 'healthInsurance'],
  purpose: 'hospital-check-in',
  legalBasis: 'Law on Identification 2023 art. 10',
  outcome: 'granted',
  at: new Date(Date.UTC(2026, 2, 1, 2, 0, n)).toISOString(),
  requestId: `req-${n}`,
  channel: 'api',
  ...overrides,
});

/** Appends `count` reads, one after the other, and returns the citizen's PIN. */
export const citizenWithReads = async (count: number, overrides: Partial<AccessEntry> = {}) => {
  const pin = uniquePin();
  for (let n = 1; n <= count; n++) await store.append(readOf(pin, n, overrides));
  return pin;
};
