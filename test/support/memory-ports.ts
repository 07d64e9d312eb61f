/** In-memory ports for use-case unit tests (no AWS). */
import type { StoredCitizen } from '../../shared/adapters/dynamodb/population-store.ts';
import type { AccessRecord, AccessRecorder, PopulationReader } from '../../shared/citizen/ports.ts';
import type { Consent, ConsentStore } from '../../shared/consent/consents.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import type { DocumentStore } from '../../shared/services/confirm-old-id-number.ts';
import type { Confirmation, IdempotencyClaim } from '../../shared/services/issue-confirmation.ts';

export const memoryPopulation = (citizens: readonly Citizen[]): PopulationReader => {
  const byPin = new Map(citizens.map((c) => [c.pin, { ...c, version: 1 } as StoredCitizen]));
  return {
    getCitizen: async (pin) => byPin.get(pin),
    listChildren: async (parent) =>
      citizens.filter((c) => c.fatherPin === parent || c.motherPin === parent).map((c) => c.pin),
    listHouseholdMembers: async (id) => [...byPin.values()].filter((c) => c.householdId === id),
  };
};

export const memoryAccessLog = () => {
  const entries: AccessRecord[] = [];
  const recorder: AccessRecorder = {
    recordMany: async (batch) => {
      entries.push(...batch);
    },
  };
  return { entries, recorder };
};

export const memoryConsents = (): ConsentStore & { all: Consent[] } => {
  const all: Consent[] = [];
  return {
    all,
    get: async (pin, clientId) => all.find((c) => c.subjectPin === pin && c.clientId === clientId),
    list: async (pin) => all.filter((c) => c.subjectPin === pin),
    put: async (consent) => {
      const index = all.findIndex((c) => c.subjectPin === consent.subjectPin && c.clientId === consent.clientId);
      if (index >= 0) all[index] = consent;
      else all.push(consent);
    },
  };
};

export const citizen = (overrides: Partial<Citizen> & Pick<Citizen, 'pin'>): Citizen => ({
  fullName: 'Nguyễn Văn An',
  sex: 'male',
  birthDate: '1985-03-02',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: {
    communeCode: '00070',
    provinceCode: '01',
    addressLine: 'Số 1, Tổ dân phố 2',
    since: '2010-01-01',
  },
  householdId: 'H1',
  ...overrides,
});

/**
 * Issued documents and the claims of Idempotency-Keys in memory, with the DynamoDB store's contract: a number is
 * never reused, and a document is stored with its key's claim both or neither.
 */
export const memoryDocuments = () => {
  const documents = new Map<string, Confirmation>();
  const claims = new Map<string, IdempotencyClaim>();
  const store: DocumentStore = {
    create: async (document) => {
      if (documents.has(document.number)) throw new Error('number reused');
      documents.set(document.number, document);
    },
    createClaimed: async (document, claim) => {
      const earlier = claims.get(`${claim.scope}#${claim.key}`);
      if (earlier) return { created: false, claim: earlier };
      if (documents.has(document.number)) throw new Error('number reused');
      claims.set(`${claim.scope}#${claim.key}`, claim);
      documents.set(document.number, document);
      return { created: true };
    },
    findClaim: async (scope, key) => claims.get(`${scope}#${key}`),
    get: async (number) => documents.get(number),
  };
  return { documents, claims, store };
};
