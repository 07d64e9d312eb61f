import { type AgencyPrincipal, type Principal, requireAgencyScope } from '../auth/principal.ts';
import type { AccessRecorder, PopulationReader } from '../citizen/ports.ts';
import type { Purpose } from './purposes.ts';

/**
 * An agency system as the access log names it: by its OAuth client ID (what oversight queries, `agency#<client_id>`)
 * and its registered name from the token (`client_name`), which is what the citizen sees.
 */
export const agencyAccessor = (
  principal: AgencyPrincipal,
): { readonly type: 'agency'; readonly id: string; readonly name?: string } => ({
  type: 'agency',
  id: principal.clientId,
  ...(principal.clientName ? { name: principal.clientName } : {}),
});

/**
 * Admits an agency call for `purpose`, or refuses it with 403 — and a refused attempt at an existing
 * citizen's data is itself written to that citizen's access log (who tried, for what, why it was refused).
 */
export const authorizeAgency =
  (deps: { population: Pick<PopulationReader, 'getCitizen'>; accessLog: AccessRecorder }) =>
  async (
    principal: Principal | undefined,
    purpose: Purpose,
    subjectPin: string,
    requestId: string,
  ): Promise<AgencyPrincipal> => {
    try {
      return requireAgencyScope(principal, purpose.scope);
    } catch (error) {
      if (principal && (await deps.population.getCitizen(subjectPin))) {
        await deps.accessLog.recordMany([
          {
            subjectPin,
            accessor: principal.kind === 'agency' ? agencyAccessor(principal) : { type: 'citizen', id: principal.pin },
            fields: [],
            purpose: purpose.purpose,
            legalBasis: purpose.legalBasis,
            outcome: 'denied',
            reason: (error as Error).message,
            requestId,
          },
        ]);
      }
      throw error;
    }
  };
