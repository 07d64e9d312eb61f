/**
 * The revocation of a registered death (group 18 or service 15). Apart from officer-tasks.ts so that its function does
 * not bundle the step rules that deciding a step runs: it only marks the steps that acted on the death reversed.
 */
import type { Principal } from '../auth/principal.ts';
import type { Citizen } from '../domain/citizen.ts';
import type { StoredCitizen } from '../domain/citizen-record.ts';
import { ConflictError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { GROUPS, isServiceDossier, SERVICE_STEP, STEPS } from './catalogue.ts';
import { DOSSIER_ID_PATTERN, type Dossier } from './dossier.ts';
import type { DeathForm } from './forms.ts';
import { revokedText } from './notification-texts.ts';
import { refuseConflictOfInterest, requireOfficer, roleCovers } from './officer-access.ts';
import type { RunStepDeps } from './run-step.ts';

/** The code of service 15, death registration on its own (shared/services/procedures/death-registration.ts). */
const DEATH_REGISTRATION_SERVICE = 15;

/** A dossier that registers a death: procedure group 18, or service 15 filed on its own. */
const isDeathRegistration = (dossier: Dossier) =>
  dossier.group === 'death-group' ||
  (isServiceDossier(dossier) && dossier.service?.code === DEATH_REGISTRATION_SERVICE);

/**
 * Revokes a registered death (a civil-status officer of the handling commune, with a reason): the citizen is
 * alive again with their household membership, the e-ID account the death disabled is re-enabled, the steps
 * that acted on the death are marked reversed, and a granted funeral allowance is flagged for recovery. The
 * citizen's change history records each reversal with the officer and the reason. A death registered by service 15
 * (its `ServiceDecision` step, no workflow) is revoked the same way.
 */
/** What a revocation uses: no step rule runs, so neither the PIN serials nor the auto-approval setting. */
export type RevocationDeps = Pick<RunStepDeps, 'store' | 'workflow' | 'population' | 'accounts' | 'documents' | 'now'>;

export const revokeDeathRegistration =
  (deps: RevocationDeps) => async (principal: Principal | undefined, dossierId: string, reason: string) => {
    const officer = requireOfficer(principal);
    const notFound = new NotFoundError(`No death registration ${dossierId} in your jurisdiction.`);
    if (!DOSSIER_ID_PATTERN.test(dossierId)) throw notFound;
    const view = await deps.store.view(dossierId);
    if (!view || !isDeathRegistration(view.dossier)) throw notFound;
    const { dossier, steps } = view;
    // Service 15 registers the death in its one decision and runs no workflow; the group in `RegisterDeath`.
    const isService = isServiceDossier(dossier);
    if (!officer.officerRoles.some((r) => roleCovers(r, 'civil-status', dossier.provinceCode, dossier.communeCode))) {
      throw notFound;
    }
    refuseConflictOfInterest(officer, dossier);
    if (reason.trim().length < 10) {
      throw new ValidationError('State the reason for the revocation (at least 10 characters).', [
        { field: 'body.reason', message: 'at least 10 characters' },
      ]);
    }
    const registration = steps.find((s) => s.stepId === (isService ? SERVICE_STEP : 'RegisterDeath'));
    if (dossier.status === 'revoked') {
      const householdWithoutHead = await headlessHouseholdOf(deps.population, (dossier.form as DeathForm).deceasedPin);
      return {
        dossierId,
        status: 'revoked' as const,
        alreadyRevoked: true,
        ...(householdWithoutHead ? { householdWithoutHead } : {}),
      };
    }
    // `reversed`: an earlier revocation stopped half-way (its steps are reversed, the dossier is not yet revoked).
    if (registration?.status !== 'approved' && registration?.status !== 'reversed') {
      throw new ConflictError('The death in this dossier was never registered; there is nothing to revoke.');
    }
    const now = deps.now();
    const at = now.toISOString();
    const form = dossier.form as DeathForm;
    const change = { actor: officer.pin, action: 'death-registration-revoked', reason: reason.trim(), at };

    // 0. Stop the group first if it still runs, so no later step acts on a death that is being revoked.
    if (!isService && (dossier.status === 'processing' || dossier.status === 'submitted')) {
      await deps.workflow.stop(
        GROUPS['death-group'].workflowId,
        dossier.id,
        `death registration revoked by ${officer.pin}`,
      );
    }
    // 1. The citizen: alive again, residence and household restored (one transaction with the history entry).
    const citizen = await deps.population.getCitizen(form.deceasedPin);
    if (!citizen) throw new ConflictError('The citizen is no longer in the NPDB.');
    let newHead: { pin: string; fullName: string } | undefined;
    if (citizen.status === 'deceased' && citizen.deathDate === form.deathDate) {
      const { version: _v, deathDate: _d, deathDossierId: _dd, permanentResidenceDeleted, ...record } = citizen;
      const deleted = permanentResidenceDeleted?.dossierId === dossier.id ? permanentResidenceDeleted : undefined;
      // Where the person lived as they died: kept by the deletion of residence, or still on the record when it has
      // not run (service 15 deletes none; the group's step may still be pending).
      const household = deleted ? deleted.householdId : permanentResidenceDeleted ? undefined : record.householdId;
      const relation = deleted ? deleted.relationToHead : permanentResidenceDeleted ? undefined : record.relationToHead;
      // A head whose household registered a new head meanwhile comes back as a member: one household, one head. A head
      // who comes back as head does so only while nobody is recorded as made head since this read (a change approved
      // in between refuses the write; asked again, the person comes back as a member).
      const returningHead = relation === 'head' && household ? household : undefined;
      const found = returningHead ? await headOf(deps.population, returningHead, form.deceasedPin) : undefined;
      newHead = found?.head;
      const relationToHead = newHead ? 'other' : deleted?.relationToHead;
      const restored: Citizen = {
        ...record,
        status: 'alive',
        ...(deleted
          ? {
              ...(deleted.householdId ? { householdId: deleted.householdId } : {}),
              ...(relationToHead ? { relationToHead } : {}),
              ...(deleted.residenceDossierId ? { residenceDossierId: deleted.residenceDossierId } : {}),
            }
          : permanentResidenceDeleted
            ? { permanentResidenceDeleted }
            : newHead
              ? { relationToHead: 'other' as const }
              : {}),
      };
      await deps.population.updateCitizen(
        citizen,
        restored,
        change,
        returningHead && !newHead ? { householdId: returningHead, recordedHead: found?.recorded ?? null } : undefined,
      );
    }
    // The household the person is back in may have lost its head meanwhile: a head leaves once nobody else lives
    // there, and the death made it so. Read after the restore, so a retried revocation finds it too.
    const householdWithoutHead = await headlessHouseholdOf(deps.population, form.deceasedPin);
    // 2. The e-ID account the death disabled.
    await deps.accounts.reenableAfterReversal(form.deceasedPin, dossier.id, at);
    // The e-death extract no longer holds: anyone verifying it learns it was revoked.
    if (dossier.documents.deathExtractNumber) {
      await deps.documents.revoke(dossier.documents.deathExtractNumber, at, reason.trim());
    }
    // 3. Mark the steps and the dossier.
    for (const step of steps) {
      if (step.status !== 'approved') continue;
      const recovery =
        step.stepId === 'GrantFuneralAllowance' && dossier.documents.funeralAllowance
          ? ` The funeral allowance of ${dossier.documents.funeralAllowance.amountVnd} VND is to be recovered by ${dossier.documents.funeralAllowance.payer}.`
          : '';
      await deps.store.reverseStep(
        dossier.id,
        step.stepId,
        {
          at,
          kind: 'step-reversed',
          stepId: step.stepId,
          actor: officer.pin,
          text: {
            vi: `Bước "${STEPS[step.stepId].title.vi}" được hủy bỏ do thu hồi đăng ký khai tử.`,
            en: `Step "${STEPS[step.stepId].title.en}" is reversed with the revocation of the death registration.${recovery}`,
          },
        },
        reason.trim(),
      );
    }
    const text = revokedText(dossier, reason.trim(), {
      ...(householdWithoutHead ? { householdWithoutHead } : {}),
      ...(newHead ? { headedBy: newHead } : {}),
    });
    const moved = await deps.store.moveStatus(
      dossier.id,
      ['completed', 'processing', 'submitted', 'rejected', 'failed'],
      'revoked',
      { at, kind: 'revoked', actor: officer.pin, text },
      {
        outcome: { ...text, at },
        // A dossier that ended rejected or failed released its subject then, and a service's dossier whatever its
        // outcome; deleting the claim again would fail the whole transaction.
        releaseSubject:
          dossier.status !== 'rejected' &&
          dossier.status !== 'failed' &&
          !(isService && dossier.status === 'completed'),
        notifications: [
          { notification: { pin: dossier.applicantPin, kind: 'dossier', text: text.vi }, id: `${dossier.id}#revoked` },
          {
            notification: { pin: form.deceasedPin, kind: 'dossier', text: text.vi },
            id: `${dossier.id}#revoked-subject`,
          },
        ],
        stepUpdates: steps
          .filter((s) => s.status === 'awaiting-officer')
          .map((s) => ({ stepId: s.stepId, status: 'cancelled' as const, reason: 'death registration revoked' })),
      },
    );
    if (!moved && (await deps.store.get(dossier.id))?.status !== 'revoked') {
      // Everything above is done and idempotent; only the dossier's own record is missing. Asking again finishes it.
      throw new ConflictError('The dossier changed while it was being revoked; send the revocation again.');
    }
    return {
      dossierId,
      status: 'revoked' as const,
      alreadyRevoked: false,
      ...(householdWithoutHead ? { householdWithoutHead } : {}),
      // Back as a member (relation `other`) of a household that another member heads since the death.
      ...(newHead ? { returnedAsMemberOf: { headPin: newHead.pin } } : {}),
    };
  };

/**
 * The living member other than `pin` who heads a household, if any (`head`), and the head its last change of head
 * recorded (`recorded`). The recorded head is read first, strongly consistent: the list of members comes from an index
 * that may not show a change approved a moment ago. The list still answers for a head recorded by no change.
 */
const headOf = async (
  population: RevocationDeps['population'],
  householdId: string,
  pin: string,
): Promise<{ head?: { pin: string; fullName: string }; recorded?: string }> => {
  const heads = (m: StoredCitizen | undefined): m is StoredCitizen =>
    m !== undefined &&
    m.pin !== pin &&
    m.status === 'alive' &&
    m.householdId === householdId &&
    m.relationToHead === 'head';
  const recorded = await population.recordedHeadOf(householdId);
  const recordedHead = recorded ? await population.getCitizen(recorded) : undefined;
  const head = heads(recordedHead) ? recordedHead : (await population.listHouseholdMembers(householdId)).find(heads);
  return { ...(head ? { head } : {}), ...(recorded ? { recorded } : {}) };
};

/**
 * The household `pin` lives in, when nobody living there heads it: undefined for a person who heads their household
 * or has none, and for a household with a head.
 */
const headlessHouseholdOf = async (
  population: RevocationDeps['population'],
  pin: string,
): Promise<string | undefined> => {
  const person = await population.getCitizen(pin);
  if (person?.status !== 'alive' || !person.householdId || person.relationToHead === 'head') return undefined;
  const members = await population.listHouseholdMembers(person.householdId);
  const headed = members.some((m) => m.pin !== pin && m.status === 'alive' && m.relationToHead === 'head');
  return headed ? undefined : person.householdId;
};
