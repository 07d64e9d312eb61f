/**
 * What a citizen sees of their dossier: its status, the documents issued, each step with who acted and when,
 * and the timeline. Only the applicant (or an officer with jurisdiction) sees it; anyone else gets a 404.
 */

import { type Principal, requireCitizen } from '../auth/principal.ts';
import type { AccessRecorder } from '../citizen/ports.ts';
import { NotFoundError } from '../domain/errors.ts';
import { CITIZEN_SCOPE, OFFICER_SCOPE } from '../identity/scopes.ts';
import { dossierTitle, STEPS, type StepId } from './catalogue.ts';
import { DOSSIER_ID_PATTERN } from './dossier.ts';
import { partiesOf, roleCovers } from './officer-access.ts';
import type { DossierRepository } from './ports.ts';
import { stepAgency } from './steps/common.ts';

/** Why an officer's read of a dossier is lawful, for the access log of each person it concerns. */
const OFFICER_REVIEW_BASIS =
  'Decree 63/2024/NĐ-CP (interconnected procedures): officer with jurisdiction over the handling commune';

export const viewDossier =
  (deps: { store: Pick<DossierRepository, 'view'>; accessLog?: AccessRecorder }) =>
  async (principal: Principal | undefined, dossierId: string, requestId = 'unknown') => {
    // The applicant reads with the `citizen` scope, an officer with the `officer` scope (which their roles come with).
    const caller = requireCitizen(principal, 1, [CITIZEN_SCOPE, OFFICER_SCOPE]);
    const notFound = new NotFoundError(`You have no dossier ${dossierId}.`);
    if (!DOSSIER_ID_PATTERN.test(dossierId)) throw notFound;
    const view = await deps.store.view(dossierId);
    if (!view) throw notFound;
    const { dossier, steps, timeline } = view;
    // A step decided without being opened (auto-approval) is stored without its agency: derive it, so that
    // e.g. a welfare-paid funeral allowance is not shown as social security's.
    const agencyOf = (stepId: StepId) => steps.find((s) => s.stepId === stepId)?.agency ?? stepAgency(stepId, dossier);
    // The steps whose agencies' officers see the dossier: those opened or decided, and the step a resumption starts
    // from, which it clears until the workflow opens it again (its officers, who may have just resumed it, keep sight).
    const involved = new Set<StepId>(steps.map((s) => s.stepId));
    if (dossier.resumption && dossier.status === 'processing') involved.add(dossier.resumption.fromStep);
    const officerSees = caller.officerRoles.some((role) =>
      [...involved].some((stepId) => roleCovers(role, agencyOf(stepId), dossier.provinceCode, dossier.communeCode)),
    );
    const asApplicant = dossier.applicantPin === caller.pin && caller.scopes.includes(CITIZEN_SCOPE);
    if (!asApplicant && !officerSees) throw notFound;
    // An officer reading a dossier reads personal data of everyone in it: each of them sees it in their access log.
    if (dossier.applicantPin !== caller.pin && deps.accessLog) {
      const agencies = [...new Set(caller.officerRoles.map((r) => r.agency))].join(',');
      await deps.accessLog.recordMany(
        [...partiesOf(dossier)]
          .filter((pin) => pin !== caller.pin)
          .map((subjectPin) => ({
            subjectPin,
            accessor: { type: 'officer' as const, id: caller.pin, agency: agencies },
            fields: ['dossier', 'documents', 'steps'],
            purpose: 'officer-dossier-review',
            legalBasis: `${OFFICER_REVIEW_BASIS} (${dossier.communeCode})`,
            outcome: 'granted' as const,
            requestId,
          })),
      );
    }
    return {
      id: dossier.id,
      group: dossier.group,
      title: dossierTitle(dossier),
      ...(dossier.service ? { service: dossier.service.code } : {}),
      status: dossier.status,
      submittedAt: dossier.submittedAt,
      receiptDate: dossier.receiptDate,
      expectedBy: dossier.expectedBy,
      handledBy: { provinceCode: dossier.provinceCode, communeCode: dossier.communeCode },
      documents: dossier.documents,
      ...(dossier.outcome ? { outcome: dossier.outcome } : {}),
      ...(dossier.payment ? { payment: dossier.payment } : {}),
      ...(dossier.feeExemption ? { feeExemption: dossier.feeExemption } : {}),
      ...(dossier.resumption ? { resumption: dossier.resumption } : {}),
      steps: dossier.steps.map((stepId) => {
        const step = steps.find((s) => s.stepId === stepId);
        return {
          stepId,
          title: stepId === 'ServiceDecision' ? dossierTitle(dossier) : STEPS[stepId].title,
          agency: agencyOf(stepId),
          status: step?.status ?? 'pending',
          ...(step?.dueDate ? { dueDate: step.dueDate } : {}),
          ...(step?.decidedBy ? { decidedBy: step.decidedBy, decidedAt: step.decidedAt } : {}),
          ...(step?.automatic ? { automatic: true } : {}),
          ...(step?.reason ? { reason: step.reason } : {}),
          ...(step?.result ? { result: step.result } : {}),
        };
      }),
      timeline: timeline.map((e) => ({
        at: e.at,
        kind: e.kind,
        ...(e.stepId ? { stepId: e.stepId } : {}),
        actor: e.actor,
        text: e.text,
      })),
    };
  };

export const listMyDossiers =
  (deps: { store: Pick<DossierRepository, 'listByApplicant'> }) => async (principal: Principal | undefined) => {
    const caller = requireCitizen(principal, 1);
    const dossiers = await deps.store.listByApplicant(caller.pin);
    return {
      dossiers: dossiers.map((d) => ({
        id: d.id,
        group: d.group,
        ...(d.service ? { service: d.service.code } : {}),
        title: dossierTitle(d),
        status: d.status,
        submittedAt: d.submittedAt,
        expectedBy: d.expectedBy,
        documents: d.documents,
        ...(d.payment?.receipt ? { receipt: d.payment.receipt } : {}),
      })),
    };
  };
