/**
 * A small family in Phường Hoàn Kiếm (Hà Nội, commune 00070) and the dossiers the tests run for it. The clock
 * stands on Monday 23 November 2026, 10:00 in Vietnam (03:00Z).
 */
import type { Citizen } from '../../../../shared/domain/citizen.ts';
import type { GroupId, StepId } from '../../../../shared/dossiers/catalogue.ts';
import type { Dossier } from '../../../../shared/dossiers/dossier.ts';
import {
  type BirthForm,
  BirthFormSchema,
  type DeathForm,
  DeathFormSchema,
  type SubmitDossier,
} from '../../../../shared/dossiers/forms.ts';
import type { RunStepDeps } from '../../../../shared/dossiers/run-step.ts';
import { submitServiceDossier } from '../../../../shared/dossiers/submit-service-dossier.ts';
import type { Agency } from '../../../../shared/identity/account.ts';
import { serviceDossierFee } from '../../../../shared/payments/service-fee.ts';
import { findService } from '../../../../shared/services/catalogue/index.ts';
import {
  MemoryAccounts,
  MemoryDocuments,
  MemoryDossierStore,
  MemoryPopulation,
  MemorySerials,
  RecordingQueue,
  RecordingWorkflow,
} from './fakes.ts';

/** Monday 2026-11-23, 10:00 in Vietnam. */
export const NOW = new Date('2026-11-23T03:00:00.000Z');
export const TODAY = '2026-11-23';

export const HANOI_RESIDENCE = {
  communeCode: '00070',
  provinceCode: '01',
  addressLine: 'Số 12 phố Hàng Bạc',
  since: '2015-05-01',
} as const;

export const person = (overrides: Partial<Citizen> & Pick<Citizen, 'pin'>): Citizen => ({
  fullName: 'Nguyễn Văn An',
  sex: 'male',
  birthDate: '1985-03-02',
  status: 'alive',
  ethnicity: 'Kinh',
  nationality: 'VN',
  permanentResidence: { ...HANOI_RESIDENCE },
  ...overrides,
});

export const PINS = {
  grandfather: '001052000003',
  father: '001088000002',
  mother: '001190000001',
  stranger: '001195000004',
  grandmotherElsewhere: '001155000005',
  officer: '001080000009',
} as const;

/** The grandfather, a pensioner (HT card), lives with his son's family. */
export const GRANDFATHER = person({
  pin: PINS.grandfather,
  fullName: 'Trần Văn Cường',
  birthDate: '1952-06-15',
  householdId: 'H1',
  relationToHead: 'parent',
  healthInsurance: {
    number: 'HT2010100000777',
    validFrom: '2012-07-01',
    validUntil: '2099-12-31',
    facilityCode: '01001',
  },
});
/** Head of household H1. */
export const FATHER = person({
  pin: PINS.father,
  fullName: 'Trần Văn Bình',
  birthDate: '1988-01-20',
  householdId: 'H1',
  relationToHead: 'head',
  fatherPin: PINS.grandfather,
  spousePin: PINS.mother,
});
export const MOTHER = person({
  pin: PINS.mother,
  fullName: 'Nguyễn Thị Hoa',
  sex: 'female',
  birthDate: '1990-09-09',
  householdId: 'H1',
  relationToHead: 'spouse',
  spousePin: PINS.father,
});
export const STRANGER = person({
  pin: PINS.stranger,
  fullName: 'Lê Thị Dung',
  sex: 'female',
  birthDate: '1995-04-04',
  householdId: 'H2',
  relationToHead: 'head',
});
/** Heads household H3 in Ninh Bình (a commune formed in former Hà Nam, legacy code 035). */
export const GRANDMOTHER_ELSEWHERE = person({
  pin: PINS.grandmotherElsewhere,
  fullName: 'Phạm Thị Lan',
  sex: 'female',
  birthDate: '1955-02-02',
  householdId: 'H3',
  relationToHead: 'head',
  permanentResidence: { communeCode: '13504', provinceCode: '37', addressLine: 'Thôn Đông', since: '1980-01-01' },
});

export const FAMILY: readonly Citizen[] = [GRANDFATHER, FATHER, MOTHER, STRANGER, GRANDMOTHER_ELSEWHERE];

export const birthFormInput = (overrides: Record<string, unknown> = {}) => ({
  child: { fullName: 'Trần Thị Mai', sex: 'female', birthDate: '2026-11-10' },
  motherPin: PINS.mother,
  fatherPin: PINS.father,
  birthCertificate: { number: 'CS-2026-000123', facilityCode: '01001', issuedOn: '2026-11-10' },
  ...overrides,
});

export const deathFormInput = (overrides: Record<string, unknown> = {}) => ({
  deceasedPin: PINS.grandfather,
  deathDate: '2026-11-20',
  deathNotice: { number: 'BT-2026-0042', issuedBy: 'Bệnh viện Bạch Mai', issuedOn: '2026-11-20' },
  alsoRequest: ['funeral-allowance', 'survivor-benefit'],
  funeralAllowance: { basis: 'pensioner', recipientPin: PINS.father },
  ...overrides,
});

export const birthForm = (overrides: Record<string, unknown> = {}): BirthForm =>
  BirthFormSchema.parse(birthFormInput(overrides));
export const deathForm = (overrides: Record<string, unknown> = {}): DeathForm =>
  DeathFormSchema.parse(deathFormInput(overrides));

export const birthRequest = (overrides: Record<string, unknown> = {}): SubmitDossier => ({
  group: 'birth-group',
  form: birthForm(overrides),
});
export const deathRequest = (overrides: Record<string, unknown> = {}): SubmitDossier => ({
  group: 'death-group',
  form: deathForm(overrides),
});

export const BIRTH_DOSSIER_ID = 'HS01-20261123-ABCDEFGHJK';
export const DEATH_DOSSIER_ID = 'HS01-20261123-MNPQRSTUVW';

const dossier = (group: GroupId, form: BirthForm | DeathForm, overrides: Partial<Dossier>): Dossier => ({
  id: group === 'birth-group' ? BIRTH_DOSSIER_ID : DEATH_DOSSIER_ID,
  group,
  applicantPin: PINS.mother,
  communeCode: '00070',
  provinceCode: '01',
  form,
  steps:
    group === 'birth-group'
      ? ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance']
      : (['RegisterDeath', 'DeletePermanentResidence', 'GrantFuneralAllowance', 'GrantSurvivorBenefit'] as StepId[]),
  status: 'processing',
  submittedAt: NOW.toISOString(),
  receiptDate: TODAY,
  expectedBy: '2026-11-25',
  documents: {},
  ...overrides,
});

/** A single-agency service's dossier (one ServiceDecision step) filed by the father, decided by the police. */
export const serviceDossier = (
  code: number,
  form: Record<string, unknown>,
  overrides: Partial<Dossier> = {},
  agency: Agency = 'police',
): Dossier => ({
  id: BIRTH_DOSSIER_ID,
  group: 'service',
  service: {
    code,
    slug: `service-${code}`,
    name: { vi: `Dịch vụ ${code}`, en: `Service ${code}` },
    agency,
    dueWorkingDays: 7,
    feeVnd: 0,
  },
  applicantPin: PINS.father,
  communeCode: '00070',
  provinceCode: '01',
  form,
  steps: ['ServiceDecision'],
  status: 'processing',
  submittedAt: NOW.toISOString(),
  receiptDate: TODAY,
  expectedBy: '2026-12-02',
  documents: {},
  ...overrides,
});

export const birthDossier = (overrides: Partial<Dossier> = {}, form: BirthForm = birthForm()): Dossier =>
  dossier('birth-group', form, overrides);
export const deathDossier = (overrides: Partial<Dossier> = {}, form: DeathForm = deathForm()): Dossier =>
  dossier('death-group', form, { applicantPin: PINS.father, ...overrides });

/** Every port in memory, wired as the Lambda handlers wire the real adapters. */
export const world = (citizens: readonly Citizen[] = FAMILY, clock: { now: Date } = { now: NOW }) => {
  const population = new MemoryPopulation(citizens);
  const serials = new MemorySerials();
  const accounts = new MemoryAccounts(citizens.map((c) => c.pin));
  const documents = new MemoryDocuments();
  const store = new MemoryDossierStore(() => clock.now);
  const workflow = new RecordingWorkflow();
  const queue = new RecordingQueue();
  const auto = { approves: (_province: string, _step: StepId) => false };
  const deps: RunStepDeps = {
    store: store.asStore(),
    workflow,
    population,
    serials,
    accounts,
    documents,
    autoApproves: (province, step) => auto.approves(province, step),
    now: () => clock.now,
  };
  return { population, serials, accounts, documents, store, workflow, queue, auto, clock, deps };
};
export type World = ReturnType<typeof world>;

/** A service's intake wired to a world as the service functions wire it: fees wait 60 minutes for their payment. */
export const serviceIntake = (w: World) =>
  submitServiceDossier({
    store: w.store,
    population: w.population,
    queue: w.queue,
    now: () => w.clock.now,
    onboardedProvinces: new Set(['01']),
    payment: { feeOf: serviceDossierFee, windowMinutes: 60 },
    exemptionsOf: (code) => findService(code)?.fee.exemptions ?? [],
  });
