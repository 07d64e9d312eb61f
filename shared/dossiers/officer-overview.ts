/**
 * GET /v1/officer/overview: a supervisor's view of the steps waiting in the officers' inboxes of their jurisdiction,
 * open and overdue, per commune and per agency. A supervisor role covers one agency in a province (or one commune);
 * the overview counts the inbox of each such role in the province asked for, read from the inbox index (only the
 * steps listed there), never from the dossiers.
 */
import { ForbiddenError, type OfficerRole, type Principal } from '../auth/principal.ts';
import { findCommune } from '../domain/admin-units/communes.ts';
import type { Agency } from '../identity/account.ts';
import { requireOfficer } from './officer-access.ts';
import type { InboxEntry, InboxIndexReader } from './ports.ts';

/** Inbox entries read per role at most (bounds a request's cost); beyond, the answer says `truncated`. */
export const MAX_OVERVIEW_ENTRIES = 20_000;

export interface Counts {
  readonly open: number;
  readonly overdue: number;
}

export interface OfficerOverview {
  readonly province: string;
  /** Provinces where the caller supervises, to ask for another one. */
  readonly provinces: readonly string[];
  readonly asOf: string;
  /** Communes with at least one open step, most overdue first. */
  readonly communes: readonly ({ communeCode: string; communeName?: string } & Counts)[];
  /** Each agency the caller supervises in the province, even with nothing open. */
  readonly byAgency: readonly ({ agency: Agency } & Counts)[];
  readonly totals: Counts;
  /** Some inbox held more than MAX_OVERVIEW_ENTRIES entries: counts are of the soonest due ones. */
  readonly truncated: boolean;
}

/** Open: still waiting for an officer; overdue: open past its deadline (17:00 on the due date). */
export const countEntries = (entries: readonly InboxEntry[], now: string): Counts => {
  const open = entries.filter((e) => e.status === 'awaiting-officer');
  return { open: open.length, overdue: open.filter((e) => e.dueAt < now).length };
};

export const supervisorRoles = (principal: Principal | undefined): OfficerRole[] => {
  const officer = requireOfficer(principal);
  const roles = officer.officerRoles.filter((r) => r.role === 'supervisor');
  if (roles.length === 0) throw new ForbiddenError('The overview is for supervisors; your roles are officer roles.');
  return roles;
};

export const getOfficerOverview =
  (deps: { inbox: InboxIndexReader; now: () => Date }) =>
  async (principal: Principal | undefined, query: { province?: string | undefined } = {}): Promise<OfficerOverview> => {
    const roles = supervisorRoles(principal);
    const provinces = [...new Set(roles.map((r) => r.provinceCode))].sort();
    const province = query.province ?? provinces[0];
    if (province === undefined || !provinces.includes(province)) {
      throw new ForbiddenError(
        `You supervise no agency in province ${query.province}; yours: ${provinces.join(', ')}.`,
      );
    }
    const now = deps.now().toISOString();
    const byCommune = new Map<string, InboxEntry[]>();
    const byAgency = new Map<Agency, InboxEntry[]>();
    let truncated = false;
    for (const role of roles.filter((r) => r.provinceCode === province)) {
      const read = await deps.inbox.listInboxEntries(role.agency, province, {
        ...(role.communeCode ? { communeCode: role.communeCode } : {}),
        max: MAX_OVERVIEW_ENTRIES,
      });
      truncated ||= read.truncated;
      byAgency.set(role.agency, [...(byAgency.get(role.agency) ?? []), ...read.entries]);
      for (const entry of read.entries) {
        const list = byCommune.get(entry.communeCode) ?? [];
        list.push(entry);
        byCommune.set(entry.communeCode, list);
      }
    }
    const communes = [...byCommune.entries()]
      .map(([communeCode, entries]) => {
        const name = findCommune(communeCode)?.fullName;
        return { communeCode, ...(name ? { communeName: name } : {}), ...countEntries(entries, now) };
      })
      .filter((c) => c.open > 0)
      .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.communeCode.localeCompare(b.communeCode));
    const agencies = [...byAgency.entries()]
      .map(([agency, entries]) => ({ agency, ...countEntries(entries, now) }))
      .sort((a, b) => a.agency.localeCompare(b.agency));
    return {
      province,
      provinces,
      asOf: now,
      communes,
      byAgency: agencies,
      totals: countEntries([...byAgency.values()].flat(), now),
      truncated,
    };
  };
