/** What the services' rules share: who counts as a relative, periods, and the notice of result. */
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { addDays } from '../../domain/dates.ts';
import { UnprocessableError, ValidationError } from '../../domain/errors.ts';
import type { Dossier, Text } from '../../dossiers/dossier.ts';
import type { StepContext } from '../../dossiers/steps/common.ts';
import { numberFor, verificationCode } from '../../dossiers/steps/common.ts';

// The form fields live in ../forms/fields.ts and ../forms/address.ts, which the portal imports too (no server code
// there). Nothing here reads the commune tables, so the services that take no address do not bundle them.

/** The applicant, their spouse, a parent or a child: whom a citizen may file for. */
export const isSelfOrRelative = (applicant: StoredCitizen, person: StoredCitizen): boolean =>
  person.pin === applicant.pin ||
  person.pin === applicant.spousePin ||
  person.pin === applicant.motherPin ||
  person.pin === applicant.fatherPin ||
  person.motherPin === applicant.pin ||
  person.fatherPin === applicant.pin;

/**
 * The people named in `pins`, each in the NPDB, alive and the applicant or a relative (422 naming the field
 * `body.form.<field>.<i>` otherwise, before anything is written).
 */
export const relativesNamed = async (
  applicant: StoredCitizen,
  pins: readonly string[],
  field: string,
  getCitizen: (pin: string) => Promise<StoredCitizen | undefined>,
): Promise<StoredCitizen[]> => {
  const people: StoredCitizen[] = [];
  for (const [i, pin] of pins.entries()) {
    const person = await getCitizen(pin);
    if (person?.status !== 'alive' || !isSelfOrRelative(applicant, person)) {
      throw new UnprocessableError(
        'You can file only for yourself, your spouse, your parents or your children; others file for themselves.',
        `body.form.${field}.${i}`,
      );
    }
    people.push(person);
  }
  return people;
};

/** A period from `from` to `until` (inclusive), at most `maxDays` long, ending no earlier than today. */
export const checkPeriod = (
  period: { from: string; until: string },
  today: string,
  options: { maxDays: number; earliestFrom?: string },
): void => {
  if (period.until < period.from) {
    throw new ValidationError('The period ends before it starts.', [
      { field: 'body.form.until', message: `must not be before ${period.from}` },
    ]);
  }
  if (period.until > addDays(period.from, options.maxDays)) {
    throw new ValidationError(`The period is longer than ${options.maxDays} days.`, [
      { field: 'body.form.until', message: `must not be after ${addDays(period.from, options.maxDays)}` },
    ]);
  }
  if (options.earliestFrom && period.from < options.earliestFrom) {
    throw new ValidationError('The period starts too long ago.', [
      { field: 'body.form.from', message: `must not be before ${options.earliestFrom}` },
    ]);
  }
  if (period.until < today) {
    throw new ValidationError('The period is already over.', [
      { field: 'body.form.until', message: `must not be before today (${today})` },
    ]);
  }
};

/**
 * The notice of result of a service (e.g. "notice of the registered temporary residence"), numbered from the dossier
 * (`TB` + the dossier's number), so a retried approval finds the same one; verifiable at GET /v1/documents/{number}.
 */
export const issueNotice = async (
  { dossier, now, deps }: StepContext,
  subject: StoredCitizen,
  statement: Text,
): Promise<{ number: string; verificationCode: string }> => {
  const document = await deps.documents.issueOnce({
    number: numberFor('TB', dossier),
    verificationCode: verificationCode(),
    type: 'service-notice',
    issuedAt: now.toISOString(),
    issuedTo: { type: 'citizen', id: dossier.applicantPin },
    subject: { pin: subject.pin, fullName: subject.fullName, birthDate: subject.birthDate },
    serviceCode: dossier.service?.code ?? 0,
    dossierId: dossier.id,
    statement,
  });
  return { number: document.number, verificationCode: document.verificationCode };
};

export const formOf = <F>(dossier: Dossier) => dossier.form as F;
