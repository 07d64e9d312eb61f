/**
 * What a citizen sees of their dossier: its status, the documents issued, each step with who acted and when,
 * and the timeline. Only the applicant (or an officer with jurisdiction) sees it; anyone else gets a 404.
 */
import type { DossierStore } from '../adapters/dynamodb/dossier-store.ts';
import { type Principal, requireCitizen } from '../auth/principal.ts';
import { NotFoundError } from '../domain/errors.ts';
import { GROUPS, STEPS } from './catalogue.ts';
import { roleCovers } from './officer-tasks.ts';

export const viewDossier =
  (deps: { store: Pick<DossierStore, 'view'> }) => async (principal: Principal | undefined, dossierId: string) => {
    const caller = requireCitizen(principal, 1);
    const view = await deps.store.view(dossierId);
    const notFound = new NotFoundError(`You have no dossier ${dossierId}.`);
    if (!view) throw notFound;
    const { dossier, steps, timeline } = view;
    const officerSees = caller.officerRoles.some((role) =>
      steps.some((s) => roleCovers(role, s.agency, dossier.provinceCode, dossier.communeCode)),
    );
    if (dossier.applicantPin !== caller.pin && !officerSees) throw notFound;
    return {
      id: dossier.id,
      group: dossier.group,
      title: GROUPS[dossier.group].title,
      status: dossier.status,
      submittedAt: dossier.submittedAt,
      receiptDate: dossier.receiptDate,
      expectedBy: dossier.expectedBy,
      handledBy: { provinceCode: dossier.provinceCode, communeCode: dossier.communeCode },
      documents: dossier.documents,
      ...(dossier.outcome ? { outcome: dossier.outcome } : {}),
      steps: dossier.steps.map((stepId) => {
        const step = steps.find((s) => s.stepId === stepId);
        return {
          stepId,
          title: STEPS[stepId].title,
          agency: step?.agency ?? STEPS[stepId].agency,
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
  (deps: { store: Pick<DossierStore, 'listByApplicant'> }) => async (principal: Principal | undefined) => {
    const caller = requireCitizen(principal, 1);
    const dossiers = await deps.store.listByApplicant(caller.pin);
    return {
      dossiers: dossiers.map((d) => ({
        id: d.id,
        group: d.group,
        status: d.status,
        submittedAt: d.submittedAt,
        expectedBy: d.expectedBy,
        documents: d.documents,
      })),
    };
  };
