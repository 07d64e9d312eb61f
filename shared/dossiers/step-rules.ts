/**
 * What each step of the two groups checks before it may be approved, and what approving it does to the
 * registries. Checks only read; `apply` is idempotent (a retried Lambda, a replay after a restart or an
 * officer's second click finds the effect already there and returns the same result).
 */
import { randomBytes } from 'node:crypto';
import type { ChangeContext, StoredCitizen } from '../adapters/dynamodb/population-store.ts';
import { childHealthInsuranceAnnualPremium, funeralAllowance } from '../domain/benefits.ts';
import { legacyProvinceCodeForBirthRegistration } from '../domain/birth-registration.ts';
import {
  childCardValidity,
  composeTeCardNumber,
  socialInsuranceNumberFromSerial,
} from '../domain/child-health-insurance.ts';
import type { Citizen } from '../domain/citizen.ts';
import { vietnamDate } from '../domain/clock.ts';
import { addDays, ageInYears } from '../domain/dates.ts';
import { ConflictError } from '../domain/errors.ts';
import { createPinIssuer } from '../domain/pin.ts';
import type { Agency } from '../identity/account.ts';
import { BIRTH_REGISTRATION_DAYS, DEATH_REGISTRATION_DAYS, STEPS, type StepId } from './catalogue.ts';
import type { Dossier, DossierDocuments, Finding, Text } from './dossier.ts';
import type { BirthForm, DeathForm } from './forms.ts';
import type { AccountsPort, DocumentsPort, PopulationPort, RegistrySerials } from './ports.ts';

export interface StepDeps {
  readonly population: PopulationPort;
  readonly serials: RegistrySerials;
  readonly accounts: AccountsPort;
  readonly documents: DocumentsPort;
}

export interface StepContext {
  readonly dossier: Dossier;
  readonly now: Date;
  readonly deps: StepDeps;
}

export interface StepEffect {
  readonly result: Readonly<Record<string, unknown>>;
  readonly documents?: DossierDocuments;
  /** The citizen's notification for the approved step. */
  readonly text: Text;
}

export interface StepRule {
  check(context: StepContext): Promise<Finding[]>;
  apply(context: StepContext, actor: string): Promise<StepEffect>;
  /**
   * Whether any part of `apply`'s effect is already written to the registries (an approver died after writing it).
   * Only then must an abandoned approval be completed by an approval; otherwise the step may still be refused.
   */
  applied(context: StepContext): Promise<boolean>;
}

const birthForm = (d: Dossier) => d.form as BirthForm;
const deathForm = (d: Dossier) => d.form as DeathForm;
const finding = (check: string, passed: boolean, detail: string): Finding => ({ check, passed, detail });
const change = (actor: string, action: string, dossier: Dossier, at: Date): ChangeContext => ({
  actor,
  action,
  reason: `dossier ${dossier.id}`,
  at: at.toISOString(),
});
const verificationCode = () => randomBytes(6).toString('hex').toUpperCase();
/**
 * The day the citizen filed the dossier (Vietnam time): the registration limits (60 days for a birth, 15 for a
 * death) are met by filing in time, however late the step is checked (a backed-up queue, a redrive, a retry).
 */
const filedOn = (d: Dossier) => vietnamDate(new Date(d.submittedAt));
/** Document numbers derive from the dossier ID, so a retried step finds the same document. */
const numberFor = (prefix: string, dossier: Dossier) => `${prefix}${dossier.id.slice(2)}`;

/** The agency that decides a step of this dossier (a welfare beneficiary's funeral allowance is welfare's). */
export const stepAgency = (stepId: StepId, dossier: Dossier): Agency =>
  stepId === 'GrantFuneralAllowance' && deathForm(dossier).funeralAllowance?.basis === 'social-protection'
    ? 'welfare'
    : STEPS[stepId].agency;

const requireRecord = async (deps: StepDeps, pin: string | undefined, what: string): Promise<StoredCitizen> => {
  const citizen = pin ? await deps.population.getCitizen(pin) : undefined;
  if (!citizen) throw new ConflictError(`The ${what} (${pin ?? 'not recorded'}) is not in the NPDB.`);
  return citizen;
};

/** The person whose household the child joins (the form's `householdOf`, else the applicant). */
const householdPerson = (d: Dossier) => birthForm(d).householdOf ?? d.applicantPin;

// -------------------------------------------------------------------------------------------- group 1

const registerBirth: StepRule = {
  applied: ({ dossier, deps }) => deps.documents.exists(numberFor('KS', dossier)),
  async check({ dossier, now, deps }) {
    const form = birthForm(dossier);
    const today = vietnamDate(now);
    const mother = await deps.population.getCitizen(form.motherPin);
    const father = form.fatherPin ? await deps.population.getCitizen(form.fatherPin) : undefined;
    const findings = [
      finding(
        'mother-in-npdb',
        mother?.status === 'alive' && mother.sex === 'female',
        mother ? `found, ${mother.sex}, ${mother.status}` : 'no citizen with this PIN',
      ),
      finding(
        'applicant-is-parent',
        dossier.applicantPin === form.motherPin || dossier.applicantPin === form.fatherPin,
        'the applicant must be the mother or the father',
      ),
      finding(
        'within-60-days',
        form.child.birthDate <= today && addDays(form.child.birthDate, BIRTH_REGISTRATION_DAYS) >= filedOn(dossier),
        `born ${form.child.birthDate}; births are registered within ${BIRTH_REGISTRATION_DAYS} days (late registration needs the officer)`,
      ),
      finding(
        'birth-certificate',
        form.birthCertificate.issuedOn >= form.child.birthDate && form.birthCertificate.issuedOn <= today,
        `hospital birth certificate ${form.birthCertificate.number} issued ${form.birthCertificate.issuedOn} by facility ${form.birthCertificate.facilityCode}`,
      ),
    ];
    // A second dossier for the same child (another spelling of the name) must not get a second PIN automatically;
    // twins are real, so an officer decides.
    const siblings = await Promise.all(
      (await deps.population.listChildren(form.motherPin)).map((pin) => deps.population.getCitizen(pin)),
    );
    const sameDay = siblings.filter((c) => c?.birthDate === form.child.birthDate);
    findings.push(
      finding(
        'no-child-registered-that-day',
        sameDay.length === 0,
        sameDay.length === 0
          ? 'the mother has no child registered with this birth date'
          : `the mother already has ${sameDay.length} child(ren) registered with this birth date (twins, or the same birth twice?)`,
      ),
    );
    if (form.fatherPin) {
      findings.push(
        finding(
          'father-in-npdb',
          father?.sex === 'male',
          father ? `found, ${father.sex}, ${father.status}` : 'no citizen with this PIN',
        ),
      );
    }
    return findings;
  },
  async apply({ dossier, now, deps }) {
    const form = birthForm(dossier);
    const document = await deps.documents.issueOnce({
      number: numberFor('KS', dossier),
      verificationCode: verificationCode(),
      type: 'birth-certificate',
      issuedAt: now.toISOString(),
      issuedTo: { type: 'citizen', id: dossier.applicantPin },
      subject: { fullName: form.child.fullName, birthDate: form.child.birthDate },
      dossierId: dossier.id,
      statement: {
        vi: `Trích lục khai sinh điện tử: ${form.child.fullName}, sinh ngày ${form.child.birthDate}.`,
        en: `Electronic birth certificate: ${form.child.fullName}, born ${form.child.birthDate}.`,
      },
    });
    return {
      result: { birthCertificateNumber: document.number, verificationCode: document.verificationCode },
      documents: { birthCertificateNumber: document.number },
      text: {
        vi: `Đã đăng ký khai sinh cho ${form.child.fullName}; số trích lục ${document.number}.`,
        en: `The birth of ${form.child.fullName} is registered; certificate ${document.number}.`,
      },
    };
  },
};

const birthClaimKey = (dossierId: string) => `BIRTH#${dossierId}`;

/**
 * Whether a birth dossier already wrote the child into the NPDB (a PIN was issued, even if the step's decision was
 * never recorded). Such a birth is registered for good: a second dossier for it would issue a second PIN.
 */
export const childRegistered = async (dossier: Dossier, deps: Pick<StepDeps, 'population'>): Promise<boolean> =>
  dossier.group === 'birth-group' &&
  (dossier.documents.pin !== undefined || (await deps.population.readClaim(birthClaimKey(dossier.id))) !== undefined);

const issuePersonalId: StepRule = {
  applied: ({ dossier, deps }) => childRegistered(dossier, deps),
  async check() {
    return [];
  },
  async apply({ dossier, now, deps }, actor) {
    const form = birthForm(dossier);
    const claim = birthClaimKey(dossier.id);
    const existing = await deps.population.readClaim(claim);
    const done = (pin: string): StepEffect => ({
      result: { pin },
      documents: { pin },
      text: {
        vi: `Đã cấp số định danh cá nhân ${pin} cho ${form.child.fullName}.`,
        en: `Personal identification number ${pin} has been issued to ${form.child.fullName}.`,
      },
    });
    if (existing) return done(existing);
    const home = await requireRecord(deps, householdPerson(dossier), 'household member');
    const issuer = createPinIssuer({
      nextSerial: (prefix) => deps.serials.nextPinSerial(prefix),
      serialAt: (prefix, position) => deps.serials.pinSerialAt(prefix, position),
      reserve: (pin) => deps.serials.reservePin(pin),
    });
    const pin = await issuer.issue({
      legacyProvinceCode: legacyProvinceCodeForBirthRegistration(dossier.provinceCode, dossier.communeCode),
      sex: form.child.sex,
      birthYear: Number(form.child.birthDate.slice(0, 4)),
    });
    const child: Citizen = {
      pin,
      fullName: form.child.fullName,
      sex: form.child.sex,
      birthDate: form.child.birthDate,
      status: 'alive',
      ethnicity: form.child.ethnicity,
      nationality: form.child.nationality,
      // The household's address until the police register the residence (next step).
      permanentResidence: { ...home.permanentResidence, since: form.child.birthDate },
      motherPin: form.motherPin,
      ...(form.fatherPin ? { fatherPin: form.fatherPin } : {}),
    };
    try {
      await deps.population.createCitizen(child, change(actor, 'birth-registered', dossier, now), {
        key: claim,
        value: pin,
      });
    } catch (error) {
      // Another run of this step won the claim: its PIN is the child's (the one reserved here stays unused).
      const winner = await deps.population.readClaim(claim);
      if (winner) return done(winner);
      throw error;
    }
    return done(pin);
  },
};

/** The child's record, if the birth dossier already created it. */
const childOf = async (dossier: Dossier, deps: StepDeps) => {
  const pin = dossier.documents.pin ?? (await deps.population.readClaim(birthClaimKey(dossier.id)));
  return pin ? deps.population.getCitizen(pin) : undefined;
};

const registerPermanentResidence: StepRule = {
  // The child is created without a household; only this step puts it in one.
  applied: async ({ dossier, deps }) => (await childOf(dossier, deps))?.householdId !== undefined,
  async check({ dossier, deps }) {
    const home = await deps.population.getCitizen(householdPerson(dossier));
    const members = home?.householdId ? await deps.population.listHouseholdMembers(home.householdId) : [];
    const head = members.find((m) => m.relationToHead === 'head');
    return [
      finding('child-has-pin', dossier.documents.pin !== undefined, 'the child has a personal identification number'),
      finding(
        'household-exists',
        home?.householdId !== undefined && home.status === 'alive',
        home?.householdId ? `household ${home.householdId}` : 'the named person has no household',
      ),
      finding(
        'household-head-confirms',
        head?.pin === dossier.applicantPin,
        head
          ? head.pin === dossier.applicantPin
            ? 'the applicant is the household head'
            : 'the household head (not the applicant) must confirm'
          : 'the household has no head on record',
      ),
    ];
  },
  async apply({ dossier, now, deps }, actor) {
    const child = await requireRecord(deps, dossier.documents.pin, 'child');
    const home = await requireRecord(deps, householdPerson(dossier), 'household member');
    if (!home.householdId) throw new ConflictError(`${home.fullName} has no household to register the child in.`);
    const members = await deps.population.listHouseholdMembers(home.householdId);
    const head = members.find((m) => m.relationToHead === 'head');
    const relation = head && (head.pin === child.motherPin || head.pin === child.fatherPin) ? 'child' : 'other';
    const since = vietnamDate(now);
    if (child.householdId !== home.householdId) {
      const { version: _v, ...record } = child;
      await deps.population.updateCitizen(
        child,
        {
          ...record,
          householdId: home.householdId,
          relationToHead: relation,
          permanentResidence: { ...home.permanentResidence, since },
        },
        change(actor, 'permanent-residence-registered', dossier, now),
      );
    }
    return {
      result: {
        householdId: home.householdId,
        relationToHead: relation,
        communeCode: home.permanentResidence.communeCode,
      },
      text: {
        vi: `Đã đăng ký thường trú cho ${child.fullName} tại ${home.permanentResidence.addressLine}.`,
        en: `${child.fullName}'s permanent residence is registered at ${home.permanentResidence.addressLine}.`,
      },
    };
  },
};

const issueChildHealthInsurance: StepRule = {
  applied: async ({ dossier, deps }) => (await childOf(dossier, deps))?.healthInsurance !== undefined,
  async check({ dossier, now, deps }) {
    const child = dossier.documents.pin ? await deps.population.getCitizen(dossier.documents.pin) : undefined;
    return [
      finding('child-has-pin', child !== undefined, 'the child is in the NPDB'),
      finding(
        'under-six',
        child !== undefined && ageInYears(child.birthDate, vietnamDate(now)) < 6,
        'category TE covers children under 6',
      ),
    ];
  },
  async apply({ dossier, now, deps }, actor) {
    const child = await requireRecord(deps, dossier.documents.pin, 'child');
    const today = vietnamDate(now);
    const premium = childHealthInsuranceAnnualPremium(today);
    let card = child.healthInsurance;
    if (!card) {
      const serial = await deps.serials.nextSocialInsuranceSerial(dossier.provinceCode);
      const validity = childCardValidity(child.birthDate, today);
      card = {
        number: composeTeCardNumber(
          dossier.provinceCode,
          socialInsuranceNumberFromSerial(dossier.provinceCode, serial),
        ),
        ...validity,
        facilityCode: birthForm(dossier).birthCertificate.facilityCode,
      };
      const { version: _v, ...record } = child;
      await deps.population.updateCitizen(
        child,
        { ...record, healthInsurance: card },
        change(actor, 'health-insurance-issued', dossier, now),
      );
    }
    return {
      result: {
        cardNumber: card.number,
        category: 'TE',
        validFrom: card.validFrom,
        validUntil: card.validUntil,
        premiumMonthlyVnd: premium.monthlyVnd,
        premiumAnnualVnd: premium.annualVnd,
        paidBy: 'state budget',
      },
      documents: { healthInsuranceCardNumber: card.number, healthInsuranceValidUntil: card.validUntil },
      text: {
        vi: `Đã cấp thẻ bảo hiểm y tế ${card.number} cho ${child.fullName}, có giá trị đến ${card.validUntil}.`,
        en: `Health-insurance card ${card.number} has been issued to ${child.fullName}, valid until ${card.validUntil}.`,
      },
    };
  },
};

// -------------------------------------------------------------------------------------------- group 2

export const isRelative = (applicant: StoredCitizen | undefined, deceased: StoredCitizen) =>
  applicant !== undefined &&
  ((applicant.householdId !== undefined && applicant.householdId === deceased.householdId) ||
    applicant.pin === deceased.spousePin ||
    applicant.pin === deceased.motherPin ||
    applicant.pin === deceased.fatherPin ||
    applicant.motherPin === deceased.pin ||
    applicant.fatherPin === deceased.pin);

const registerDeath: StepRule = {
  applied: async ({ dossier, deps }) =>
    (await deps.population.getCitizen(deathForm(dossier).deceasedPin))?.status === 'deceased' ||
    (await deps.documents.exists(numberFor('KT', dossier))),
  async check({ dossier, now, deps }) {
    const form = deathForm(dossier);
    const today = vietnamDate(now);
    const deceased = await deps.population.getCitizen(form.deceasedPin);
    const applicant = await deps.population.getCitizen(dossier.applicantPin);
    return [
      finding(
        'deceased-in-npdb',
        deceased?.status === 'alive',
        deceased ? `found, recorded as ${deceased.status}` : 'no citizen with this PIN',
      ),
      finding(
        'death-date',
        deceased !== undefined && form.deathDate >= deceased.birthDate && form.deathDate <= today,
        `died ${form.deathDate}`,
      ),
      finding(
        'within-15-days',
        addDays(form.deathDate, DEATH_REGISTRATION_DAYS) >= filedOn(dossier),
        `deaths are registered within ${DEATH_REGISTRATION_DAYS} days (late registration needs the officer)`,
      ),
      finding(
        'applicant-is-relative',
        deceased !== undefined && isRelative(applicant, deceased),
        'the applicant is a household member, spouse, parent or child of the deceased',
      ),
    ];
  },
  async apply({ dossier, now, deps }, actor) {
    const form = deathForm(dossier);
    const deceased = await requireRecord(deps, form.deceasedPin, 'deceased');
    if (deceased.status !== 'deceased') {
      const { version: _v, ...record } = deceased;
      await deps.population.updateCitizen(
        deceased,
        { ...record, status: 'deceased', deathDate: form.deathDate },
        change(actor, 'death-registered', dossier, now),
      );
    } else if (deceased.deathDate !== form.deathDate) {
      throw new ConflictError(`${deceased.fullName} is already recorded as deceased on ${deceased.deathDate}.`);
    }
    const accountDisabled = await deps.accounts.disableForDeath(deceased.pin, dossier.id, now.toISOString());
    const document = await deps.documents.issueOnce({
      number: numberFor('KT', dossier),
      verificationCode: verificationCode(),
      type: 'death-extract',
      issuedAt: now.toISOString(),
      issuedTo: { type: 'citizen', id: dossier.applicantPin },
      subject: { pin: deceased.pin, fullName: deceased.fullName, birthDate: deceased.birthDate },
      dossierId: dossier.id,
      statement: {
        vi: `Trích lục khai tử điện tử: ${deceased.fullName}, số định danh ${deceased.pin}, mất ngày ${form.deathDate}.`,
        en: `Electronic death extract: ${deceased.fullName}, PIN ${deceased.pin}, died ${form.deathDate}.`,
      },
    });
    return {
      result: { deathExtractNumber: document.number, verificationCode: document.verificationCode, accountDisabled },
      documents: { deathExtractNumber: document.number },
      text: {
        vi: `Đã đăng ký khai tử cho ${deceased.fullName}; số trích lục ${document.number}.`,
        en: `The death of ${deceased.fullName} is registered; extract ${document.number}.`,
      },
    };
  },
};

const deletePermanentResidence: StepRule = {
  applied: async ({ dossier, deps }) =>
    (await deps.population.getCitizen(deathForm(dossier).deceasedPin))?.permanentResidenceDeleted?.dossierId ===
    dossier.id,
  async check({ dossier, deps }) {
    const deceased = await deps.population.getCitizen(deathForm(dossier).deceasedPin);
    return [finding('death-registered', deceased?.status === 'deceased', 'the death is recorded in the NPDB')];
  },
  async apply({ dossier, now, deps }, actor) {
    const deceased = await requireRecord(deps, deathForm(dossier).deceasedPin, 'deceased');
    if (deceased.status !== 'deceased') throw new ConflictError('The death must be registered first.');
    if (!deceased.permanentResidenceDeleted) {
      const { version: _v, householdId, relationToHead, ...record } = deceased;
      await deps.population.updateCitizen(
        deceased,
        {
          ...record,
          permanentResidenceDeleted: {
            on: vietnamDate(now),
            reason: 'death',
            dossierId: dossier.id,
            ...(householdId ? { householdId } : {}),
            ...(relationToHead ? { relationToHead } : {}),
          },
        },
        change(actor, 'permanent-residence-deleted', dossier, now),
      );
    }
    return {
      result: { deletedOn: deceased.permanentResidenceDeleted?.on ?? vietnamDate(now) },
      text: {
        vi: `Đã xóa đăng ký thường trú của ${deceased.fullName}.`,
        en: `${deceased.fullName}'s permanent residence registration is deleted.`,
      },
    };
  },
};

/** Card categories that show the basis of a funeral allowance claim (HT pensioners, BT social protection). */
const basisEvidence = (basis: string, cardNumber: string | undefined): boolean => {
  const category = cardNumber?.slice(0, 2);
  if (!category) return false;
  if (basis === 'pensioner') return category === 'HT';
  if (basis === 'social-protection') return category === 'BT';
  return ['DN', 'HC', 'GD', 'CH', 'NN'].includes(category);
};

/** Benefits follow a registered death: none is granted once the registration was revoked. */
const requireRegisteredDeath = async (deps: StepDeps, dossier: Dossier) => {
  const deceased = await deps.population.getCitizen(deathForm(dossier).deceasedPin);
  if (deceased?.status !== 'deceased') {
    throw new ConflictError('The death in this dossier is not (or no longer) registered; no benefit can be granted.');
  }
};

const grantFuneralAllowance: StepRule = {
  // Granting writes nothing but the decision itself (the payer acts on the recorded decision).
  applied: async () => false,
  async check({ dossier, deps }) {
    const form = deathForm(dossier);
    const claim = form.funeralAllowance;
    const deceased = await deps.population.getCitizen(form.deceasedPin);
    const recipient = claim ? await deps.population.getCitizen(claim.recipientPin) : undefined;
    return [
      finding('claim-present', claim !== undefined, 'the family named a recipient and a basis'),
      finding(
        'recipient-in-npdb',
        recipient?.status === 'alive',
        recipient ? `found, ${recipient.status}` : 'not found',
      ),
      finding(
        'basis-evidence',
        claim !== undefined && basisEvidence(claim.basis, deceased?.healthInsurance?.number),
        `claimed basis ${claim?.basis ?? '-'}; health-insurance category ${deceased?.healthInsurance?.number.slice(0, 2) ?? 'none'}`,
      ),
    ];
  },
  async apply({ dossier, deps }) {
    await requireRegisteredDeath(deps, dossier);
    const form = deathForm(dossier);
    const claim = form.funeralAllowance;
    if (!claim) throw new ConflictError('The dossier names no recipient of the funeral allowance.');
    const allowance = funeralAllowance(claim.basis, form.deathDate);
    if (!allowance) throw new ConflictError('No funeral allowance applies to this basis.');
    const payer: Agency = allowance.payer;
    const amount = allowance.amountVnd.toLocaleString('vi-VN');
    return {
      result: { ...allowance, recipientPin: claim.recipientPin, decisionNumber: numberFor('MT', dossier) },
      documents: { funeralAllowance: { amountVnd: allowance.amountVnd, payer, recipientPin: claim.recipientPin } },
      text: {
        vi: `Đã giải quyết trợ cấp mai táng ${amount} đồng.`,
        en: `A funeral allowance of ${amount} VND has been granted.`,
      },
    };
  },
};

const grantSurvivorBenefit: StepRule = {
  applied: async () => false,
  async check({ dossier }) {
    const basis = deathForm(dossier).funeralAllowance?.basis;
    return [
      finding(
        'insured-or-pensioner',
        basis === 'insured' || basis === 'pensioner',
        'survivor benefits follow social-insurance contributions or a pension',
      ),
    ];
  },
  async apply({ dossier, deps }) {
    await requireRegisteredDeath(deps, dossier);
    const decisionNumber = numberFor('TT', dossier);
    return {
      result: { decisionNumber, note: 'monthly or lump-sum amount set by VSS from the contribution record' },
      documents: { survivorBenefitDecision: decisionNumber },
      text: {
        vi: `Đã có quyết định hưởng chế độ tử tuất số ${decisionNumber}.`,
        en: `Survivor benefit decision ${decisionNumber} has been issued.`,
      },
    };
  },
};

export const STEP_RULES: Readonly<Record<StepId, StepRule>> = {
  RegisterBirth: registerBirth,
  IssuePersonalId: issuePersonalId,
  RegisterPermanentResidence: registerPermanentResidence,
  IssueChildHealthInsurance: issueChildHealthInsurance,
  RegisterDeath: registerDeath,
  DeletePermanentResidence: deletePermanentResidence,
  GrantFuneralAllowance: grantFuneralAllowance,
  GrantSurvivorBenefit: grantSurvivorBenefit,
};
