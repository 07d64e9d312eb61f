/**
 * Demo e-ID accounts and relying parties for the local cloud, seeded after the population. Citizens are picked
 * from the deterministic synthetic population (the first that fit each role, in generation order, so the picks
 * do not depend on how many citizens were seeded beyond them) and checked against the Population table:
 * - a level-2 household head in Hà Nội (01) with children under 14;
 * - a level-1 citizen in Ninh Bình (37);
 * - an adult in Hà Nội with no e-ID account;
 * - a deceased citizen whose account is disabled, if the population has one;
 * - for each agency (civil-status, police, social-security, welfare) in provinces 01 and 37 a commune officer
 *   (the demo citizen's commune) and a province-wide supervisor;
 * - an oversight inspector of the personal-data protection authority: the first adult not picked above, in any
 *   province (picked last, so the picks above never move; it is among the first citizens generated).
 * All demo citizens share one password. Demo clients get demo secrets, registered as hashes only, except
 * `hospital-cho-ray`, which authenticates with `private_key_jwt` and a key pair kept in the data folder
 * (client-keys.ts). Idempotent: existing accounts are left as they are (a demo may have changed them); client
 * registrations are rewritten, so an issuer change takes effect.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoAccountStore } from '../../shared/adapters/dynamodb/identity-store.ts';
import { putClient } from '../../shared/adapters/dynamodb/oidc-adapter.ts';
import { PopulationStore } from '../../shared/adapters/dynamodb/population-store.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import { ageInYears } from '../../shared/domain/dates.ts';
import { NAME_CORPUS } from '../../shared/domain/name-corpus.ts';
import { type Account, GROUP_AGENCIES, type OfficerRole } from '../../shared/identity/account.ts';
import { hashClientSecret } from '../../shared/identity/client-credentials.ts';
import {
  type ClientAuthentication,
  type ConfidentialClientId,
  platformClients,
} from '../../shared/identity/clients.ts';
import { hashSecret } from '../../shared/identity/passwords.ts';
import { syntheticPopulation } from '../../shared/seed/synthetic-population.ts';
import { clientKeyFile, ensureClientKey } from './client-keys.ts';
import { seededCount } from './seed.ts';

/** The password of every demo citizen. */
export const DEMO_PASSWORD = 'Demo@2026';

/** The demo agency that authenticates with a signed assertion (`private_key_jwt`) instead of a secret. */
export const DEMO_KEY_CLIENT = 'hospital-cho-ray' satisfies ConfidentialClientId;

/**
 * Secrets of the demo relying parties: local cloud only, stored hashed like any client secret. Real agencies
 * register public keys (private_key_jwt); see docs/demo-accounts.md.
 */
export const DEMO_CLIENT_SECRETS: Readonly<Record<Exclude<ConfidentialClientId, typeof DEMO_KEY_CLIENT>, string>> = {
  'hospital-bach-mai': 'demo-secret-hospital-bach-mai-2026',
  'bank-vcb': 'demo-secret-bank-vcb-2026',
  'ministry-health': 'demo-secret-ministry-health-2026',
  'tax-portal': 'demo-secret-tax-portal-2026',
};

/** The synthetic population is generated as it stood on this date (its default). */
const REFERENCE_DATE = '2026-07-01';
const DEMO_PROVINCES = ['01', '37'] as const;

export interface DemoAccount {
  readonly role: string;
  readonly pin?: string;
  readonly clientId?: string;
  readonly name: string;
  readonly province?: string;
  /** The demo password or client secret. */
  readonly secret?: string;
  /** Level, commune, scopes: whatever helps to use the account in a demo. */
  readonly detail?: string;
}

export interface IdentitySeedDeps {
  /** The e-ID issuer (the API's base URL): redirect URIs of the portal derive from it. */
  readonly issuer: string;
  readonly identityTable: string;
  readonly populationTable: string;
  /** Folder of the demo clients' private keys (created with the keys on first start). */
  readonly clientKeysDir: string;
  /** Default: the shared client, configured by `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly client?: DynamoDBDocumentClient;
  readonly now?: Date;
}

interface Pick {
  readonly role: string;
  readonly citizen: Citizen;
  readonly level: 1 | 2;
  readonly status: Account['status'];
  readonly officerRoles: readonly OfficerRole[];
  /** The authority of an oversight inspector. */
  readonly inspectorAuthority?: string;
  readonly detail: string;
}

/** The authority the demo inspector acts for (personal-data protection, Ministry of Public Security). */
export const DEMO_INSPECTOR_AUTHORITY =
  'Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an';

const age = (citizen: Citizen) =>
  citizen.birthDate <= REFERENCE_DATE ? ageInYears(citizen.birthDate, REFERENCE_DATE) : -1;
const alive = (citizen: Citizen) => citizen.status === 'alive';

/** Households of the first `count` synthetic citizens, in generation order. */
function* households(count: number): Generator<Citizen[]> {
  let household: Citizen[] = [];
  let index = 0;
  for (const citizen of syntheticPopulation({
    communesOfProvince: (code) => communesOfProvince(code),
    names: NAME_CORPUS,
  })) {
    if (index++ >= count) break;
    if (household.length > 0 && household[0]?.householdId !== citizen.householdId) {
      yield household;
      household = [];
    }
    household.push(citizen);
  }
  if (household.length > 0) yield household;
}

/** Chooses the demo citizens among the first `count` synthetic citizens; roles without a fit are left out. */
export const pickDemoCitizens = (count: number): Pick[] => {
  const picks: Pick[] = [];
  const used = new Set<string>();
  const take = (pick: Pick) => {
    picks.push(pick);
    used.add(pick.citizen.pin);
  };
  const all: Citizen[][] = [...households(count)];
  const everyone = all.flat();

  const parent = all
    .map((members) => {
      const head = members.find((m) => m.relationToHead === 'head');
      const young = members.filter(
        (m) => alive(m) && age(m) >= 0 && age(m) < 14 && (m.fatherPin === head?.pin || m.motherPin === head?.pin),
      );
      return { head, young };
    })
    .find(
      ({ head, young }) =>
        head && alive(head) && head.permanentResidence.provinceCode === '01' && age(head) <= 60 && young.length > 0,
    );
  if (parent?.head) {
    take({
      role: 'citizen-level-2',
      citizen: parent.head,
      level: 2,
      status: 'active',
      officerRoles: [],
      detail: `level 2, household head, children under 14: ${parent.young.map((c) => c.pin).join(', ')}`,
    });
  }
  const adultIn = (province: string, min: number, max: number) =>
    everyone.find(
      (c) =>
        alive(c) &&
        !used.has(c.pin) &&
        c.permanentResidence.provinceCode === province &&
        age(c) >= min &&
        age(c) <= max,
    );
  const levelOne = adultIn('37', 18, 70);
  if (levelOne)
    take({
      role: 'citizen-level-1',
      citizen: levelOne,
      level: 1,
      status: 'active',
      officerRoles: [],
      detail: 'level 1',
    });
  const withoutEid = adultIn('01', 18, 80);
  if (withoutEid) {
    // Recorded as used but given no account.
    used.add(withoutEid.pin);
    picks.push({
      role: 'citizen-without-eid',
      citizen: withoutEid,
      level: 1,
      status: 'active',
      officerRoles: [],
      detail: 'no account',
    });
  }
  const deceased = everyone.find(
    (c) => c.status === 'deceased' && c.deathDate !== undefined && ageInYears(c.birthDate, c.deathDate) >= 14,
  );
  if (deceased) {
    take({
      role: 'deceased-disabled-account',
      citizen: deceased,
      level: 2,
      status: 'disabled',
      officerRoles: [],
      detail: `died ${deceased.deathDate}; account disabled`,
    });
  }

  const demoCommune: Record<string, string | undefined> = {
    '01': parent?.head?.permanentResidence.communeCode,
    '37': levelOne?.permanentResidence.communeCode,
  };
  for (const provinceCode of DEMO_PROVINCES) {
    // The owner agencies of the other services (finance, EVN...) get officer roles like any officer; the demo keeps
    // the groups' four so that the demo accounts (docs/demo-accounts.md) stay the same.
    for (const agency of GROUP_AGENCIES) {
      for (const role of ['officer', 'supervisor'] as const) {
        const person = adultIn(provinceCode, 25, 58);
        if (!person) continue;
        const communeCode =
          role === 'officer' ? (demoCommune[provinceCode] ?? person.permanentResidence.communeCode) : undefined;
        const officerRole: OfficerRole = { agency, role, provinceCode, ...(communeCode ? { communeCode } : {}) };
        take({
          role: `${role}:${agency}`,
          citizen: person,
          level: 2,
          status: 'active',
          officerRoles: [officerRole],
          detail: communeCode ? `commune ${communeCode}` : `province ${provinceCode}`,
        });
      }
    }
  }
  // The inspector is national: the first adult of the population not picked above, whatever the province.
  const inspector = everyone.find((c) => alive(c) && !used.has(c.pin) && age(c) >= 30 && age(c) <= 58);
  if (inspector) {
    take({
      role: 'inspector',
      citizen: inspector,
      level: 2,
      status: 'active',
      officerRoles: [],
      inspectorAuthority: DEMO_INSPECTOR_AUTHORITY,
      detail: 'oversight inspector (GET /v1/oversight/access-log)',
    });
  }
  return picks;
};

/** Seeds the demo accounts and clients; returns them for the startup banner. */
export const seedIdentity = async (deps: IdentitySeedDeps): Promise<DemoAccount[]> => {
  const client = deps.client ?? documentClient();
  const now = (deps.now ?? new Date()).toISOString();
  const accounts = new DynamoAccountStore(client, deps.identityTable);
  const population = new PopulationStore(client, deps.populationTable);
  const demo: DemoAccount[] = [];

  const seeded = await seededCount(client, deps.populationTable);
  const picks = seeded > 0 ? pickDemoCitizens(seeded) : [];
  const passwordHash = picks.length > 0 ? await hashSecret(DEMO_PASSWORD) : '';
  for (const pick of picks) {
    const stored = await population.getCitizen(pick.citizen.pin);
    if (!stored) continue;
    const withAccount = pick.role !== 'citizen-without-eid';
    if (withAccount) {
      await accounts.create({
        pin: pick.citizen.pin,
        level: pick.level,
        status: pick.status,
        passwordHash,
        // A demo mobile number derived from the PIN (+849 and its last 8 digits), for codes and notices.
        phone: `+849${pick.citizen.pin.slice(-8)}`,
        officerRoles: [...pick.officerRoles],
        ...(pick.inspectorAuthority ? { inspector: { authority: pick.inspectorAuthority, grantedAt: now } } : {}),
        createdAt: now,
        updatedAt: now,
        ...(pick.level === 2 ? { level2: { activatedAt: now, activatedBy: pick.citizen.pin } } : {}),
        ...(pick.status === 'disabled' ? { disabledReason: 'The holder is recorded as deceased.' } : {}),
      });
    }
    demo.push({
      role: pick.role,
      pin: pick.citizen.pin,
      name: stored.fullName,
      province: stored.permanentResidence.provinceCode,
      ...(withAccount ? { secret: DEMO_PASSWORD } : {}),
      detail: pick.detail,
    });
  }

  const credentials = await demoClientCredentials(deps.clientKeysDir);
  for (const metadata of platformClients(deps.issuer, credentials)) {
    await putClient(client, deps.identityTable, { ...metadata });
    const secret = DEMO_CLIENT_SECRETS[metadata.client_id as keyof typeof DEMO_CLIENT_SECRETS];
    const keyFile =
      metadata.token_endpoint_auth_method === 'private_key_jwt'
        ? clientKeyFile(deps.clientKeysDir, metadata.client_id)
        : undefined;
    demo.push({
      role: `client:${metadata.token_endpoint_auth_method === 'none' ? 'public' : metadata.grant_types.join('+')}`,
      clientId: metadata.client_id,
      name: metadata.client_name,
      ...(secret ? { secret } : {}),
      detail: `scope ${metadata.scope}${keyFile ? `; private_key_jwt, private key ${keyFile}` : ''}`,
    });
  }
  return demo;
};

/** Hashed demo secrets, and the public key of the private_key_jwt demo client (its key pair created once). */
const demoClientCredentials = async (
  clientKeysDir: string,
): Promise<Record<ConfidentialClientId, ClientAuthentication>> => {
  const hashed = async (secret: string): Promise<ClientAuthentication> => ({
    method: 'client_secret_basic',
    secretHash: await hashClientSecret(secret),
  });
  const { publicJwk } = await ensureClientKey(clientKeysDir, DEMO_KEY_CLIENT);
  return {
    'hospital-bach-mai': await hashed(DEMO_CLIENT_SECRETS['hospital-bach-mai']),
    'bank-vcb': await hashed(DEMO_CLIENT_SECRETS['bank-vcb']),
    'ministry-health': await hashed(DEMO_CLIENT_SECRETS['ministry-health']),
    'tax-portal': await hashed(DEMO_CLIENT_SECRETS['tax-portal']),
    [DEMO_KEY_CLIENT]: { method: 'private_key_jwt', jwks: { keys: [publicJwk] } },
  };
};
