/**
 * The officers' inbox: the steps waiting for their agency in their jurisdiction. Apart from officer-tasks.ts so that
 * listing it does not bundle the step rules that deciding runs.
 */

import type { Principal } from '../auth/principal.ts';
import type { Agency } from '../identity/account.ts';
import type { OfficerTask } from './dossier.ts';
import { requireOfficer } from './officer-access.ts';
import type { DossierRepository } from './ports.ts';

/** Index items read per role at most, whatever the filter leaves (bounds a request's cost). */
const MAX_INBOX_READ = 2000;

export interface InboxQuery {
  readonly agency?: Agency;
  readonly overdue?: boolean;
  readonly limit?: number;
}

/**
 * Open steps for every role the officer holds, soonest due first. The inbox indexes are ordered by due time (across
 * the province for a province-wide role, within the commune for a commune role), so each role reads only until it
 * has `limit` matching tasks: a page costs about `limit` items per role, not the whole inbox.
 */
export const listOfficerTasks =
  (deps: { store: Pick<DossierRepository, 'listInbox'> }) =>
  async (principal: Principal | undefined, query: InboxQuery = {}): Promise<{ tasks: OfficerTask[] }> => {
    const officer = requireOfficer(principal);
    const roles = officer.officerRoles.filter((r) => !query.agency || r.agency === query.agency);
    const limit = query.limit ?? 100;
    const matches = (t: OfficerTask) => query.overdue === undefined || t.overdue === query.overdue;
    const seen = new Map<string, OfficerTask>();
    for (const role of roles) {
      let cursor: Record<string, unknown> | undefined;
      let read = 0;
      let matched = 0;
      do {
        const page = await deps.store.listInbox(role.agency, role.provinceCode, {
          ...(role.communeCode ? { communeCode: role.communeCode } : {}),
          limit: Math.min(limit, 200),
          ...(cursor ? { cursor } : {}),
        });
        for (const task of page.tasks) {
          if (matches(task) && matched < limit) {
            seen.set(task.taskId, task);
            matched++;
          }
        }
        read += page.tasks.length;
        cursor = page.next;
      } while (cursor && matched < limit && read < MAX_INBOX_READ);
    }
    const tasks = [...seen.values()].sort((a, b) => a.dueAt.localeCompare(b.dueAt)).slice(0, limit);
    return { tasks };
  };
