/** What the forms pre-fill from the applicant's own NPDB record (GET /v1/me). */
import type { MyRecord } from '../api/types.ts';
import type { Person } from './person-picker.tsx';

/** The applicant's spouse as the household records them: the head's spouse, or the head for a spouse. */
export const partnerOf = (me: MyRecord): Person | undefined => {
  const members = me.household?.members ?? [];
  const mine = me.household?.relationToHead;
  const partner =
    mine === 'head'
      ? members.find((m) => m.relationToHead === 'spouse')
      : mine === 'spouse'
        ? members.find((m) => m.relationToHead === 'head')
        : undefined;
  return partner ? { pin: partner.pin, name: partner.fullName } : undefined;
};

/** Living household members other than the applicant. */
export const householdPeople = (me: MyRecord): Person[] =>
  (me.household?.members ?? []).filter((m) => m.status !== 'deceased').map((m) => ({ pin: m.pin, name: m.fullName }));
