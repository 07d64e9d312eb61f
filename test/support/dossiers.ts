/**
 * Helpers for the procedure-group (dossier) integration tests: polling, the seeded families and deaths the tests
 * use, e-forms, and a client bound to one local cloud (the integration run's shared cloud, or a cloud a test file
 * starts itself) that calls the API as citizens and officers and reads what the platform wrote.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetExecutionHistoryCommand, type HistoryEvent, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { pickDemoCitizens } from '../../infra/local/identity-seed.ts';
import { DossierStore } from '../../shared/adapters/dynamodb/dossier-store.ts';
import { type OutboxMessage, readOutbox } from '../../shared/adapters/dynamodb/identity-store.ts';
import { PopulationReader } from '../../shared/adapters/dynamodb/population-reader.ts';
import { communesOfProvince } from '../../shared/domain/admin-units/communes.ts';
import type { Citizen } from '../../shared/domain/citizen.ts';
import { vietnamDate } from '../../shared/domain/clock.ts';
import { addDays, ageInYears } from '../../shared/domain/dates.ts';
import { NAME_CORPUS } from '../../shared/domain/name-corpus.ts';
import { dueDate, receiptDate } from '../../shared/domain/working-days.ts';
import { GROUPS } from '../../shared/dossiers/catalogue.ts';
import { type Dossier, newDossierId } from '../../shared/dossiers/dossier.ts';
import { type BirthForm, SubmitDossierSchema } from '../../shared/dossiers/forms.ts';
import type { OfficerRole } from '../../shared/identity/account.ts';
import { syntheticCitizens } from '../../shared/seed/synthetic-population.ts';
import { tokenMinter } from './mint-token.ts';

// ------------------------------------------------------------------------------------------------ polling

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `condition` until it returns a truthy value (returned) or `timeoutMs` passes. A condition that throws
 * (e.g. an `expect`) is retried too; at the timeout its last error is thrown, otherwise a timeout error naming
 * `what` and the last value seen.
 */
export const waitFor = async <T>(
  condition: () => T | Promise<T>,
  timeoutMs = 15_000,
  what = 'the condition',
): Promise<NonNullable<T>> => {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let lastError: unknown;
  for (let attempt = 0; ; attempt++) {
    try {
      last = await condition();
      lastError = undefined;
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(50 * 2 ** attempt, 250));
  }
  if (lastError) throw lastError;
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(last)}`);
};

// ---------------------------------------------------------------------------------------------- dates

/** Today in Vietnam, the date the platform's rules use. */
export const today = () => vietnamDate(new Date());
export const daysAgo = (days: number) => addDays(today(), -days);

/** The last day of a TE card: the sixth birthday, or 30 September of that year if the birthday is earlier. */
export const expectedTeValidUntil = (birthDate: string) => {
  const sixth = `${Number(birthDate.slice(0, 4)) + 6}${birthDate.slice(4)}`;
  const schoolStart = `${sixth.slice(0, 4)}-09-30`;
  return sixth < schoolStart ? schoolStart : sixth;
};

// ------------------------------------------------------------------------------------ seeded citizens

/** The first `count` citizens of the deterministic synthetic population: what a local cloud seeds. */
export const seededPopulation = (count: number): Citizen[] =>
  syntheticCitizens({ communesOfProvince: (code) => communesOfProvince(code), names: NAME_CORPUS }, 0, count);

/** PINs the demo accounts and other integration tests use; the dossier tests leave these people alone. */
const reservedPins = (population: readonly Citizen[]) =>
  new Set([
    ...pickDemoCitizens(population.length).map((p) => p.citizen.pin),
    ...population.slice(0, 30).map((c) => c.pin),
  ]);

/** A household whose head is a parent of a child about to be born: the head applies, the child joins them. */
export interface Family {
  /** The household head: the mother or the father. */
  readonly applicant: Citizen;
  readonly mother: Citizen;
  readonly father?: Citizen;
  readonly members: readonly Citizen[];
}

/**
 * Households of a province where a couple could have a newborn (the mother alive, 18 to 45), in generation order.
 * The head applies, so every check of the birth group passes (the household head confirms the residence).
 */
export const birthFamilies = (population: readonly Citizen[], provinceCode: string): Family[] => {
  const reserved = reservedPins(population);
  const byPin = new Map(population.map((c) => [c.pin, c]));
  const on = today();
  return population
    .filter(
      (head) =>
        head.relationToHead === 'head' &&
        head.status === 'alive' &&
        head.permanentResidence.provinceCode === provinceCode,
    )
    .flatMap((head) => {
      const spouse = head.spousePin ? byPin.get(head.spousePin) : undefined;
      const mother = head.sex === 'female' ? head : spouse;
      const father = head.sex === 'male' ? head : spouse;
      const age = mother ? ageInYears(mother.birthDate, on) : 0;
      if (mother?.status !== 'alive' || age < 18 || age > 45) return [];
      if (father && father.status !== 'alive') return [];
      if ([head, mother, father].some((p) => p && reserved.has(p.pin))) return [];
      const members = population.filter((c) => c.householdId === head.householdId);
      return [{ applicant: head, mother, ...(father ? { father } : {}), members }];
    });
};

/** A living adult whose death a relative in the same household registers. */
export interface DeathCase {
  readonly deceased: Citizen;
  readonly applicant: Citizen;
}

/**
 * Deaths the tests can register in a province: a living adult and another living adult of the same household
 * (never the head of a birth family, so births and deaths of one file never meet), in generation order.
 * `cardCategories` narrows to deceased whose health-insurance card has one of these categories (`none`: no card).
 */
export const deathCases = (
  population: readonly Citizen[],
  provinceCode: string,
  options: { readonly cardCategories?: readonly string[] } = {},
): DeathCase[] => {
  const reserved = reservedPins(population);
  const familyHouseholds = new Set(birthFamilies(population, provinceCode).map((f) => f.applicant.householdId));
  const on = today();
  const adult = (c: Citizen) => c.status === 'alive' && ageInYears(c.birthDate, on) >= 18 && !reserved.has(c.pin);
  const usedHouseholds = new Set<string>();
  const cases: DeathCase[] = [];
  for (const deceased of population) {
    const household = deceased.householdId;
    if (!household || familyHouseholds.has(household) || usedHouseholds.has(household)) continue;
    if (deceased.permanentResidence.provinceCode !== provinceCode || !adult(deceased)) continue;
    const category = deceased.healthInsurance?.number.slice(0, 2) ?? 'none';
    if (options.cardCategories && !options.cardCategories.includes(category)) continue;
    const applicant = population.find((c) => c.householdId === household && c.pin !== deceased.pin && adult(c));
    if (!applicant) continue;
    usedHouseholds.add(household);
    cases.push({ deceased, applicant });
  }
  return cases;
};

/**
 * The households of a province that a change of household head can be tried on: a living head, another living adult
 * and at least `minMembers` living members, none of them in `excluded`; each with its living members, in seed order.
 */
export const householdsToRehead = (
  population: readonly Citizen[],
  provinceCode: string,
  options: { readonly minMembers?: number; readonly excluded?: ReadonlySet<string> } = {},
) => {
  const byHousehold = new Map<string, Citizen[]>();
  for (const c of population) {
    if (c.status !== 'alive' || !c.householdId || c.permanentResidence.provinceCode !== provinceCode) continue;
    byHousehold.set(c.householdId, [...(byHousehold.get(c.householdId) ?? []), c]);
  }
  const on = today();
  return [...byHousehold.entries()].flatMap(([id, members]) => {
    const head = members.find((m) => m.relationToHead === 'head');
    const successor = members.find((m) => m.relationToHead !== 'head' && ageInYears(m.birthDate, on) >= 18);
    const fits =
      head !== undefined &&
      successor !== undefined &&
      members.length >= (options.minMembers ?? 2) &&
      !members.some((m) => options.excluded?.has(m.pin));
    return fits ? [{ id, members, head, successor }] : [];
  });
};

/** Living adults of a province outside the families and deaths above, to act as officers. */
export const officerCitizens = (population: readonly Citizen[], provinceCode: string): Citizen[] => {
  const reserved = reservedPins(population);
  const on = today();
  return population
    .filter(
      (c) =>
        c.status === 'alive' &&
        c.permanentResidence.provinceCode === provinceCode &&
        ageInYears(c.birthDate, on) >= 25 &&
        ageInYears(c.birthDate, on) <= 58 &&
        !reserved.has(c.pin),
    )
    .reverse();
};

// ------------------------------------------------------------------------------------------------- forms

export interface ChildDetails {
  readonly given: string;
  readonly sex?: 'male' | 'female';
  readonly birthDate?: string;
  readonly middle?: string;
}

/** The child's full name: the father's (else the mother's) family name, a middle name and `given`. */
export const childName = (family: Family, child: ChildDetails) =>
  `${(family.father ?? family.mother).fullName.split(' ')[0]} ${child.middle ?? (child.sex === 'female' ? 'Thị' : 'Văn')} ${child.given}`;

/** A birth-group submission for a newborn of `family` (born 3 days ago unless told), by the household head. */
export const birthRequest = (family: Family, child: ChildDetails, form: Record<string, unknown> = {}) => {
  const birthDate = child.birthDate ?? daysAgo(3);
  const facility =
    family.applicant.healthInsurance?.facilityCode ?? `${family.applicant.permanentResidence.provinceCode}001`;
  return {
    group: 'birth-group' as const,
    form: {
      child: { fullName: childName(family, child), sex: child.sex ?? 'male', birthDate },
      motherPin: family.mother.pin,
      ...(family.father ? { fatherPin: family.father.pin } : {}),
      birthCertificate: {
        number: `GCS-${birthDate.replaceAll('-', '')}-${randomUUID().slice(0, 6)}`,
        facilityCode: facility,
        issuedOn: birthDate,
      },
      ...form,
    },
  };
};

export type DeathProcedure = 'funeral-allowance' | 'survivor-benefit';

/** A death-group submission by the deceased's relative (died 2 days ago unless told). */
export const deathRequest = (
  death: DeathCase,
  options: {
    readonly deathDate?: string;
    readonly alsoRequest?: readonly DeathProcedure[];
    readonly basis?: 'insured' | 'pensioner' | 'social-protection';
  } = {},
) => {
  const deathDate = options.deathDate ?? daysAgo(2);
  const alsoRequest = [...(options.alsoRequest ?? [])];
  return {
    group: 'death-group' as const,
    form: {
      deceasedPin: death.deceased.pin,
      deathDate,
      deathNotice: { number: `GBT-${randomUUID().slice(0, 8)}`, issuedBy: 'Trạm Y tế xã', issuedOn: deathDate },
      alsoRequest,
      ...(alsoRequest.includes('funeral-allowance')
        ? { funeralAllowance: { basis: options.basis ?? 'insured', recipientPin: death.applicant.pin } }
        : {}),
    },
  };
};

// ---------------------------------------------------------------------------------------- the client

export interface CloudEndpoints {
  readonly apiUrl: string;
  readonly awsEndpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly oidcIssuer: string;
  readonly signingKeysFile: string;
}

/** The integration run's shared local cloud. */
export const sharedCloud = (): CloudEndpoints => ({
  apiUrl: inject('apiUrl'),
  awsEndpoint: inject('awsEndpoint'),
  dynamoDbEndpoint: inject('dynamoDbEndpoint'),
  oidcIssuer: inject('oidcIssuer'),
  signingKeysFile: inject('signingKeysFile'),
});

export const REGION = 'ap-southeast-1';
export const ACCOUNT = '000000000000';
export const stateMachineArn = (workflowId: 'BirthGroup' | 'DeathGroup') =>
  `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:p06-${workflowId}`;

export interface ApiResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers: Headers;
}

/** A step of a dossier as its applicant sees it. */
export interface StepView {
  readonly stepId: string;
  readonly agency: string;
  readonly status: string;
  readonly decidedBy?: string;
  readonly automatic?: boolean;
  readonly reason?: string;
  readonly result?: Record<string, unknown>;
}

export interface DossierView {
  readonly id: string;
  readonly status: string;
  readonly handledBy: { readonly provinceCode: string; readonly communeCode: string };
  readonly documents: Record<string, unknown> & {
    pin?: string;
    birthCertificateNumber?: string;
    healthInsuranceCardNumber?: string;
    healthInsuranceValidUntil?: string;
    deathExtractNumber?: string;
    funeralAllowance?: { amountVnd: number; payer: string; recipientPin: string };
    survivorBenefitDecision?: string;
  };
  readonly outcome?: { readonly vi: string; readonly en: string; readonly at: string };
  readonly steps: readonly StepView[];
  readonly timeline: readonly { at: string; kind: string; stepId?: string; actor: string }[];
}

export interface TaskView {
  readonly taskId: string;
  readonly dossierId: string;
  readonly stepId: string;
  readonly agency: string;
  readonly communeCode: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly findings: readonly { check: string; passed: boolean; detail: string }[];
}

export type StoredCitizen = Citizen & { readonly version: number };

export class DossierClient {
  readonly db: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  readonly sqs: SQSClient;
  private readonly minter;

  constructor(readonly cloud: CloudEndpoints = sharedCloud()) {
    const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
    this.db = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: cloud.dynamoDbEndpoint, region: REGION, credentials }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
    this.sfn = new SFNClient({ endpoint: cloud.awsEndpoint, region: REGION, credentials });
    this.sqs = new SQSClient({ endpoint: cloud.awsEndpoint, region: REGION, credentials });
    this.minter = tokenMinter(cloud.signingKeysFile, cloud.oidcIssuer);
  }

  destroy() {
    this.db.destroy();
    this.sfn.destroy();
    this.sqs.destroy();
  }

  // ------------------------------------------------------------------------------------------ tokens

  citizenToken(pin: string, level: 1 | 2 = 2) {
    return this.minter.citizen(pin, level);
  }

  /** A level-2 token of an officer holding `roles`. */
  officerToken(pin: string, ...roles: OfficerRole[]) {
    return this.minter.officer(pin, roles);
  }

  // --------------------------------------------------------------------------------------------- API

  async call(path: string, token: string | undefined, init: RequestInit = {}): Promise<ApiResponse> {
    const response = await fetch(`${this.cloud.apiUrl}${path}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      body = { text };
    }
    return { status: response.status, body: body as Record<string, unknown>, headers: response.headers };
  }

  /** POST /v1/dossiers as `applicantPin` with a fresh Idempotency-Key unless one is given (`null`: none). */
  async submit(
    applicantPin: string,
    request: unknown,
    options: { readonly key?: string | null; readonly level?: 1 | 2 } = {},
  ): Promise<ApiResponse> {
    const key = options.key === undefined ? randomUUID() : options.key;
    return this.call('/v1/dossiers', await this.citizenToken(applicantPin, options.level ?? 2), {
      method: 'POST',
      body: JSON.stringify(request),
      headers: key === null ? {} : { 'Idempotency-Key': key },
    });
  }

  /** Submits and expects 202; returns the dossier ID. */
  async submitAccepted(applicantPin: string, request: unknown, key?: string): Promise<string> {
    const response = await this.submit(applicantPin, request, key === undefined ? {} : { key });
    if (response.status !== 202) {
      throw new Error(`Submission refused with ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return String(response.body.id);
  }

  async view(dossierId: string, pin: string): Promise<DossierView> {
    const response = await this.call(`/v1/dossiers/${dossierId}`, await this.citizenToken(pin, 2));
    if (response.status !== 200) throw new Error(`GET dossier ${dossierId}: ${response.status}`);
    return response.body as unknown as DossierView;
  }

  /** Waits until the dossier has one of `statuses`. */
  waitForStatus(dossierId: string, pin: string, statuses: string | readonly string[], timeoutMs = 20_000) {
    const wanted = typeof statuses === 'string' ? [statuses] : statuses;
    return waitFor(
      async () => {
        const view = await this.view(dossierId, pin);
        return wanted.includes(view.status) ? view : undefined;
      },
      timeoutMs,
      `dossier ${dossierId} to be ${wanted.join(' or ')}`,
    );
  }

  /** Waits until a step of the dossier has `status`. */
  waitForStep(dossierId: string, pin: string, stepId: string, status: string, timeoutMs = 20_000) {
    return waitFor(
      async () => {
        const view = await this.view(dossierId, pin);
        return view.steps.find((s) => s.stepId === stepId)?.status === status ? view : undefined;
      },
      timeoutMs,
      `step ${stepId} of ${dossierId} to be ${status}`,
    );
  }

  async inbox(token: string, query = ''): Promise<TaskView[]> {
    const response = await this.call(`/v1/officer/tasks${query ? `?${query}` : ''}`, token);
    if (response.status !== 200) throw new Error(`inbox: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.tasks as TaskView[];
  }

  /** Waits until the officer's inbox holds the task. */
  waitForTask(token: string, taskId: string, timeoutMs = 20_000): Promise<TaskView> {
    return waitFor(
      async () => (await this.inbox(token, 'limit=200')).find((t) => t.taskId === taskId),
      timeoutMs,
      `task ${taskId} in the inbox`,
    );
  }

  decide(token: string, taskId: string, decision: 'approve' | 'reject', reason?: string): Promise<ApiResponse> {
    return this.call(`/v1/officer/tasks/${taskId}/decision`, token, {
      method: 'POST',
      body: JSON.stringify({ decision, ...(reason !== undefined ? { reason } : {}) }),
    });
  }

  /** Approves and expects 200. */
  async approve(token: string, taskId: string): Promise<ApiResponse> {
    const response = await this.decide(token, taskId, 'approve');
    if (response.status !== 200)
      throw new Error(`approve ${taskId}: ${response.status} ${JSON.stringify(response.body)}`);
    return response;
  }

  revoke(token: string, dossierId: string, reason: string): Promise<ApiResponse> {
    return this.call(`/v1/officer/dossiers/${dossierId}/revocation`, token, {
      method: 'POST',
      body: JSON.stringify({ reason }),
    });
  }

  // ------------------------------------------------------------------------------------ stored data

  async citizen(pin: string): Promise<StoredCitizen | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: 'Population', Key: { pk: `CITIZEN#${pin}`, sk: 'PROFILE' }, ConsistentRead: true }),
    );
    return Item as StoredCitizen | undefined;
  }

  /** A citizen's change history, oldest first. */
  async history(pin: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: 'Population',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :h)',
        ExpressionAttributeValues: { ':pk': `CITIZEN#${pin}`, ':h': 'HISTORY#' },
        ConsistentRead: true,
      }),
    );
    return Items;
  }

  /** PINs of a parent's children (the parent → child links). */
  async childrenOf(parentPin: string): Promise<string[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: 'Population',
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :c)',
        ExpressionAttributeValues: { ':pk': `CITIZEN#${parentPin}`, ':c': 'CHILD#' },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => String(i.sk).slice('CHILD#'.length));
  }

  /** Citizen records of a household (the household index holds keys; the records are read by key). */
  householdMembers(householdId: string): Promise<StoredCitizen[]> {
    return new PopulationReader(this.db, 'Population').listHouseholdMembers(householdId);
  }

  async account(pin: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: 'Identity', Key: { pk: `ACCOUNT#${pin}`, sk: 'ACCOUNT' }, ConsistentRead: true }),
    );
    return Item;
  }

  /** The newest notifications to a PIN (or a channel such as `SUPERVISORS#<agency>#<province>`). */
  outbox(pin: string): Promise<OutboxMessage[]> {
    return readOutbox(pin, { client: this.db, tableName: 'Identity' });
  }

  /** Every item of the Dossiers table (dossiers, steps, events, claims, documents), counted by a full scan. */
  async dossierItemCount(): Promise<number> {
    let count = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new ScanCommand({ TableName: 'Dossiers', Select: 'COUNT', ExclusiveStartKey, ConsistentRead: true }),
      );
      count += page.Count ?? 0;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return count;
  }

  /** The applicant's dossiers, from the byApplicant index (keys only: the ID is the partition key's). */
  async dossiersOf(applicantPin: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: 'Dossiers',
        IndexName: 'byApplicant',
        KeyConditionExpression: 'applicantPin = :pin',
        ExpressionAttributeValues: { ':pin': applicantPin },
      }),
    );
    return Items.map((i) => ({ ...i, id: String(i.pk).slice('DOSSIER#'.length) }));
  }

  /** Raw items of one dossier (the dossier, its steps and timeline events). */
  async dossierItems(dossierId: string): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.db.send(
      new QueryCommand({
        TableName: 'Dossiers',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `DOSSIER#${dossierId}` },
        ConsistentRead: true,
      }),
    );
    return Items;
  }

  /** Executions of a group's state machine named after the dossier. */
  async executions(workflowId: 'BirthGroup' | 'DeathGroup', dossierId: string) {
    const found = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: stateMachineArn(workflowId), maxResults: 1000, nextToken }),
      );
      found.push(...(page.executions ?? []).filter((e) => e.name === dossierId));
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  }

  /** The full history of the dossier's execution. */
  async executionHistory(workflowId: 'BirthGroup' | 'DeathGroup', dossierId: string): Promise<HistoryEvent[]> {
    const executionArn = `${stateMachineArn(workflowId).replace(':stateMachine:', ':execution:')}:${dossierId}`;
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
      events.push(...(page.events ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }
}

/**
 * Writes a `submitted` birth dossier straight into the Dossiers table, as intake does, but sends no intake message:
 * as if the process died between the write and the send. `submittedAt` may be in the past. Returns the dossier ID.
 */
export const writeSubmittedBirthDossier = async (
  db: DynamoDBDocumentClient,
  family: Family,
  request: ReturnType<typeof birthRequest>,
  submittedAt: Date,
): Promise<string> => {
  const parsed = SubmitDossierSchema.parse(request);
  const form = parsed.form as BirthForm;
  const home = family.applicant.permanentResidence;
  const id = newDossierId(home.provinceCode, vietnamDate(submittedAt));
  const at = submittedAt.toISOString();
  const dossier: Dossier = {
    id,
    group: 'birth-group',
    applicantPin: family.applicant.pin,
    communeCode: home.communeCode,
    provinceCode: home.provinceCode,
    form,
    steps: [...GROUPS['birth-group'].steps],
    status: 'submitted',
    submittedAt: at,
    receiptDate: receiptDate(submittedAt),
    expectedBy: dueDate(submittedAt, GROUPS['birth-group'].dueWorkingDays),
    documents: {},
  };
  const outcome = await new DossierStore(db, 'Dossiers', 'Identity').create(
    dossier,
    { key: `test-${id}`, fingerprint: 'written-by-test' },
    [],
    `birth#${form.motherPin}#${form.child.birthDate}#${form.child.fullName.toLocaleLowerCase('vi')}`,
  );
  if (!outcome.created) throw new Error(`Dossier ${id} was not written: ${JSON.stringify(outcome)}`);
  return id;
};

/** The task ID of a dossier's step (what officers decide). */
export const taskId = (dossierId: string, stepId: string) => `${dossierId}.${stepId}`;
