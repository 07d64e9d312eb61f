/**
 * The interconnected procedure groups (essential services 17 and 18) as data: which steps each group runs,
 * which agency acts on each step, whether an officer decides it, and its statutory deadline in working days.
 * The state machines in statemachines/ run the same steps in the same order; a unit test checks they agree.
 */
import type { Agency } from '../identity/account.ts';
import type { Dossier } from './dossier.ts';

export const GROUP_IDS = ['birth-group', 'death-group'] as const;
export type GroupId = (typeof GROUP_IDS)[number];

export const STEP_IDS = [
  'RegisterBirth',
  'RegisterPermanentResidence',
  'IssueChildHealthInsurance',
  'RegisterDeath',
  'DeletePermanentResidence',
  'GrantFuneralAllowance',
  'GrantSurvivorBenefit',
  'ServiceDecision',
] as const;
export type StepId = (typeof STEP_IDS)[number];

export interface StepDefinition {
  readonly id: StepId;
  /** Who acts on the step: an officer of this agency with jurisdiction over the handling commune. */
  readonly agency: Agency;
  /**
   * Statutory time limit in working days, the receipt day counting as day 1 (Decree 63/2024/NĐ-CP,
   * Law on Residence, Decree 87/2020 on civil status; see docs/procedure-groups.md).
   */
  readonly dueWorkingDays: number;
  readonly title: { readonly vi: string; readonly en: string };
}

export const STEPS: Readonly<Record<StepId, StepDefinition>> = {
  RegisterBirth: {
    id: 'RegisterBirth',
    agency: 'civil-status',
    dueWorkingDays: 1,
    title: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
  },
  RegisterPermanentResidence: {
    id: 'RegisterPermanentResidence',
    agency: 'police',
    dueWorkingDays: 2,
    title: { vi: 'Đăng ký thường trú', en: 'Permanent residence registration' },
  },
  IssueChildHealthInsurance: {
    id: 'IssueChildHealthInsurance',
    agency: 'social-security',
    dueWorkingDays: 2,
    title: { vi: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', en: 'Health-insurance card for a child under 6' },
  },
  RegisterDeath: {
    id: 'RegisterDeath',
    agency: 'civil-status',
    dueWorkingDays: 1,
    title: { vi: 'Đăng ký khai tử', en: 'Death registration' },
  },
  DeletePermanentResidence: {
    id: 'DeletePermanentResidence',
    agency: 'police',
    dueWorkingDays: 2,
    title: { vi: 'Xóa đăng ký thường trú', en: 'Deletion of permanent residence' },
  },
  GrantFuneralAllowance: {
    id: 'GrantFuneralAllowance',
    agency: 'social-security',
    dueWorkingDays: 3,
    title: { vi: 'Hưởng trợ cấp mai táng', en: 'Funeral allowance' },
  },
  GrantSurvivorBenefit: {
    id: 'GrantSurvivorBenefit',
    agency: 'social-security',
    dueWorkingDays: 5,
    title: { vi: 'Hưởng chế độ tử tuất', en: 'Survivor benefit' },
  },
  /**
   * The one decision of a single-agency essential service (services 3-13, 19, 21-25): the deciding agency and the
   * time limit come from the dossier's service (`Dossier.service`, copied from the catalogue at intake).
   */
  ServiceDecision: {
    id: 'ServiceDecision',
    agency: 'police',
    dueWorkingDays: 1,
    title: { vi: 'Giải quyết hồ sơ', en: 'Decision on the application' },
  },
};

/** A dossier of a single-agency essential service rather than of a procedure group. */
export const SERVICE_DOSSIER = 'service' as const;
export type DossierKind = GroupId | typeof SERVICE_DOSSIER;

/**
 * The one step of a service dossier, and whether a dossier is one: here rather than in service-dossier.ts, so that
 * intake, the inbox and revocation name them without bundling the step rules that module's engine runs.
 */
export const SERVICE_STEP: StepId = 'ServiceDecision';

export const isServiceDossier = (dossier: Pick<Dossier, 'group'>) => dossier.group === SERVICE_DOSSIER;

/** What the citizen reads as the dossier's name: the group's, or the service's from the catalogue. */
export const dossierTitle = (dossier: Pick<Dossier, 'group' | 'service'>): { vi: string; en: string } =>
  dossier.group === SERVICE_DOSSIER
    ? (dossier.service?.name ?? STEPS.ServiceDecision.title)
    : GROUPS[dossier.group].title;

/** The statutory working days of a step of this dossier (a service's one decision: the service's time limit). */
export const stepDueWorkingDays = (stepId: StepId, dossier: Pick<Dossier, 'service'>): number =>
  stepId === 'ServiceDecision' && dossier.service
    ? Math.max(1, dossier.service.dueWorkingDays)
    : STEPS[stepId].dueWorkingDays;

export interface GroupDefinition {
  readonly id: GroupId;
  /** Number in the list of 25 essential public services. */
  readonly serviceNumber: 17 | 18;
  readonly title: { readonly vi: string; readonly en: string };
  /** The state machine (topology workflow id) that runs the group. */
  readonly workflowId: string;
  /** Every step the group can run, in order; a dossier may select a subset (death group). */
  readonly steps: readonly StepId[];
  /** Working days for the whole group, the receipt day counting as day 1. */
  readonly dueWorkingDays: number;
}

export const GROUPS: Readonly<Record<GroupId, GroupDefinition>> = {
  'birth-group': {
    id: 'birth-group',
    serviceNumber: 17,
    title: {
      vi: 'Liên thông đăng ký khai sinh – đăng ký thường trú – cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
      en: 'Birth registration, permanent residence and health-insurance card for a child under 6',
    },
    workflowId: 'BirthGroup',
    steps: ['RegisterBirth', 'RegisterPermanentResidence', 'IssueChildHealthInsurance'],
    dueWorkingDays: 3,
  },
  'death-group': {
    id: 'death-group',
    serviceNumber: 18,
    title: {
      vi: 'Liên thông đăng ký khai tử – xóa đăng ký thường trú – trợ cấp mai táng phí',
      en: 'Death registration, deletion of permanent residence and funeral allowance',
    },
    workflowId: 'DeathGroup',
    steps: ['RegisterDeath', 'DeletePermanentResidence', 'GrantFuneralAllowance', 'GrantSurvivorBenefit'],
    dueWorkingDays: 5,
  },
};

/** Births must be registered within 60 days, deaths within 15 (Law on Civil Status, arts. 15 and 33). */
export const BIRTH_REGISTRATION_DAYS = 60;
export const DEATH_REGISTRATION_DAYS = 15;

export const stepsOfGroup = (group: GroupId): readonly StepDefinition[] => GROUPS[group].steps.map((id) => STEPS[id]);
