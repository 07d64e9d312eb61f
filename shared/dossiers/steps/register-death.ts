/** RegisterDeath (civil status): the death in the NPDB, the e-ID account disabled, the e-death extract. */

import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { addDays } from '../../domain/dates.ts';
import { ConflictError } from '../../domain/errors.ts';
import { DEATH_REGISTRATION_DAYS } from '../catalogue.ts';
import type { Dossier } from '../dossier.ts';
import {
  change,
  deathForm,
  filedOn,
  finding,
  isRelative,
  numberFor,
  requireRecord,
  type StepRule,
  verificationCode,
} from './common.ts';

/** Whether the death the record holds is the one this dossier registered (not a death another dossier recorded). */
const recordedByThisDossier = (deceased: StoredCitizen | undefined, dossier: Dossier): boolean =>
  deceased?.status === 'deceased' && deceased.deathDossierId === dossier.id;

export const registerDeath: StepRule = {
  applied: async ({ dossier, deps }) =>
    (await deps.population.getCitizen(deathForm(dossier).deceasedPin))?.status === 'deceased' ||
    (await deps.documents.exists(numberFor('KT', dossier))),
  ownEffectWritten: async ({ dossier, deps }) =>
    recordedByThisDossier(await deps.population.getCitizen(deathForm(dossier).deceasedPin), dossier) ||
    (await deps.documents.exists(numberFor('KT', dossier))),
  async check({ dossier, now, deps }) {
    const form = deathForm(dossier);
    const today = vietnamDate(now);
    const deceased = await deps.population.getCitizen(form.deceasedPin);
    const applicant = await deps.population.getCitizen(dossier.applicantPin);
    return [
      // An approval that recorded the death and died before recording the step is retried: it must find the death
      // as it left it (recorded by this dossier), not a person already dead.
      finding(
        'deceased-in-npdb',
        deceased?.status === 'alive' || recordedByThisDossier(deceased, dossier),
        !deceased
          ? 'no citizen with this PIN'
          : recordedByThisDossier(deceased, dossier)
            ? 'found, recorded as deceased by this dossier'
            : `found, recorded as ${deceased.status}`,
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
        { ...record, status: 'deceased', deathDate: form.deathDate, deathDossierId: dossier.id },
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
