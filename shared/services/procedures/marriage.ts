/**
 * Service 16, marriage registration (Law on Marriage and Family 2014, art. 8; Law on Civil Status, art. 17-18): one
 * party files online naming the other by PIN; the commune civil-status officer of the applicant's residence decides.
 * Both must be alive, of marriageable age (a man 20, a woman 18), of different sex (art. 8.2), not married (the NPDB's
 * `spousePin`) and not parent and child or siblings. Intake refuses (422, nothing written) only on what the applicant
 * may know: their own record (married, under age), a PIN that names no living citizen other than them, and a partner
 * of the same sex (the PIN itself encodes it). The partner's own impediments (married, under age, a close relative)
 * are the officer's finding, not an answer to whoever types a PIN: intake telling them would disclose a third party's
 * marital status, age and parents to anyone, with no trace in that person's access log. Both parties' consent is given
 * in person: the law has both present when the certificate is handed over, so the `both-parties-consent` check waits
 * for the officer (never auto-approved), who also sees `no-impediment` and refuses with a reason of their own. Approval
 * records each as the other's spouse (change history `marriage-registered`, which the life-event feed publishes) and
 * issues the marriage certificate as a verifiable notice.
 */
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { ageInYears } from '../../domain/dates.ts';
import { ConflictError, UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { change, finding, requireRecord } from '../../dossiers/steps/common.ts';
import { MarriageForm } from '../forms/marriage.ts';
import { formOf, issueNotice } from './support.ts';

export { MarriageForm };

const MINIMUM_AGE = { male: 20, female: 18 } as const;

const closeRelatives = (a: StoredCitizen, b: StoredCitizen) =>
  a.motherPin === b.pin ||
  a.fatherPin === b.pin ||
  b.motherPin === a.pin ||
  b.fatherPin === a.pin ||
  (a.motherPin !== undefined && a.motherPin === b.motherPin) ||
  (a.fatherPin !== undefined && a.fatherPin === b.fatherPin);

interface Impediment {
  readonly message: string;
  readonly field: string;
  /** Told at intake: it is the applicant's own, or the PIN they typed shows it. Otherwise the officer's finding. */
  readonly toApplicant: boolean;
}

/** Why the two may not marry, and which field to name; undefined if they may. */
const impediment = (
  applicant: StoredCitizen,
  partner: StoredCitizen | undefined,
  today: string,
): Impediment | undefined => {
  if (applicant.spousePin)
    return { message: 'You are married according to the NPDB.', field: 'body', toApplicant: true };
  if (ageInYears(applicant.birthDate, today) < MINIMUM_AGE[applicant.sex]) {
    return { message: 'You are under the marriageable age (a man 20, a woman 18).', field: 'body', toApplicant: true };
  }
  // Unknown and deceased alike: whether a PIN was issued, or its holder died, is not told apart.
  if (partner?.status !== 'alive' || partner.pin === applicant.pin) {
    return { message: 'Name a living citizen other than yourself.', field: 'body.form.partnerPin', toApplicant: true };
  }
  // The PIN's fourth digit encodes the holder's sex (Decree 137/2015), so this tells nothing the PIN does not.
  if (partner.sex === applicant.sex) {
    return {
      message: 'The law recognises a marriage between a man and a woman only.',
      field: 'body.form.partnerPin',
      toApplicant: true,
    };
  }
  if (partner.spousePin) {
    return {
      message: 'The partner is married according to the NPDB.',
      field: 'body.form.partnerPin',
      toApplicant: false,
    };
  }
  if (ageInYears(partner.birthDate, today) < MINIMUM_AGE[partner.sex]) {
    return {
      message: 'The partner is under the marriageable age (a man 20, a woman 18).',
      field: 'body.form.partnerPin',
      toApplicant: false,
    };
  }
  if (closeRelatives(applicant, partner)) {
    return {
      message: 'The two are close relatives (parent and child, or siblings), who may not marry.',
      field: 'body.form.partnerPin',
      toApplicant: false,
    };
  }
  return undefined;
};

export const marriageRegistration: ServiceProcedure<MarriageForm> = {
  code: 16,
  agency: 'civil-status',
  form: MarriageForm,
  async intake({ applicant, form, today, population }) {
    const partner = await population.getCitizen(form.partnerPin);
    const problem = impediment(applicant, partner, today);
    if (problem?.toApplicant) throw new UnprocessableError(problem.message, problem.field);
    const pair = [applicant.pin, form.partnerPin].sort().join('#');
    return {
      communeCode: applicant.permanentResidence.communeCode,
      provinceCode: applicant.permanentResidence.provinceCode,
      parties: [form.partnerPin],
      subject: `marriage#${pair}`,
    };
  },
  rule: {
    applied: async ({ dossier, deps }) =>
      (await deps.population.getCitizen(dossier.applicantPin))?.spousePin === formOf<MarriageForm>(dossier).partnerPin,
    async check({ dossier, now, deps }) {
      const form = formOf<MarriageForm>(dossier);
      const applicant = await deps.population.getCitizen(dossier.applicantPin);
      const partner = await deps.population.getCitizen(form.partnerPin);
      const problem = applicant ? impediment(applicant, partner, now.toISOString().slice(0, 10)) : undefined;
      return [
        finding(
          'no-impediment',
          applicant !== undefined && problem === undefined,
          problem?.message ?? 'both may marry',
        ),
        finding(
          'both-parties-consent',
          false,
          'both parties confirm their consent in person when the certificate is handed over',
        ),
      ];
    },
    async apply(context, actor) {
      const { dossier, now, deps } = context;
      const form = formOf<MarriageForm>(dossier);
      const applicant = await requireRecord(deps, dossier.applicantPin, 'applicant');
      const partner = await requireRecord(deps, form.partnerPin, 'partner');
      const wed = (a: StoredCitizen, b: StoredCitizen) => a.spousePin === b.pin;
      for (const [person, other] of [
        [applicant, partner],
        [partner, applicant],
      ] as const) {
        if (person.spousePin && !wed(person, other)) {
          throw new ConflictError(`${person.fullName} is married to someone else according to the NPDB.`);
        }
      }
      for (const [person, other] of [
        [applicant, partner],
        [partner, applicant],
      ] as const) {
        if (wed(person, other)) continue;
        const { version: _v, ...record } = person;
        await deps.population.updateCitizen(
          person,
          { ...record, spousePin: other.pin },
          change(actor, 'marriage-registered', dossier, now),
        );
      }
      const certificate = await issueNotice(context, applicant, {
        vi: `Giấy chứng nhận kết hôn: ${applicant.fullName} (${applicant.pin}) và ${partner.fullName} (${partner.pin}).`,
        en: `Marriage certificate: ${applicant.fullName} (${applicant.pin}) and ${partner.fullName} (${partner.pin}).`,
      });
      return {
        result: { certificateNumber: certificate.number, verificationCode: certificate.verificationCode },
        documents: { noticeNumber: certificate.number },
        text: {
          vi: `Đã đăng ký kết hôn; giấy chứng nhận số ${certificate.number}.`,
          en: `The marriage is registered; certificate ${certificate.number}.`,
        },
      };
    },
  },
};
