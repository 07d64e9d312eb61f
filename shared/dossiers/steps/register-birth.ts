/**
 * RegisterBirth (commune civil-status officer): parents, 60-day rule, hospital certificate; approving it issues the
 * child's PIN and the e-birth certificate that states it (DOMAIN, group 1 step 2), in that order.
 */
import { vietnamDate } from '../../domain/clock.ts';
import { addDays } from '../../domain/dates.ts';
import { BIRTH_REGISTRATION_DAYS } from '../catalogue.ts';
import { issueChildPin } from './child-pin.ts';
import {
  birthClaimKey,
  birthForm,
  filedOn,
  finding,
  numberFor,
  type StepContext,
  type StepEffect,
  type StepRule,
  verificationCode,
} from './common.ts';

/** The child's PIN (under this dossier's birth claim) or this dossier's birth certificate is written. */
const birthRegistered: StepRule['applied'] = async ({ dossier, deps }) =>
  (await deps.population.readClaim(birthClaimKey(dossier.id))) !== undefined ||
  (await deps.documents.exists(numberFor('KS', dossier)));

export const registerBirth: StepRule = {
  applied: birthRegistered,
  ownEffectWritten: birthRegistered,
  async check({ dossier, now, deps }) {
    const form = birthForm(dossier);
    const today = vietnamDate(now);
    const mother = await deps.population.getCitizen(form.motherPin);
    const father = form.fatherPin ? await deps.population.getCitizen(form.fatherPin) : undefined;
    const findings = [
      finding(
        'mother-in-npdb',
        mother?.status === 'alive' && mother.sex === 'female',
        mother ? `found, ${mother.sex}, ${mother.status}` : 'no citizen with this PIN',
      ),
      finding(
        'applicant-is-parent',
        dossier.applicantPin === form.motherPin || dossier.applicantPin === form.fatherPin,
        'the applicant must be the mother or the father',
      ),
      finding(
        'within-60-days',
        form.child.birthDate <= today && addDays(form.child.birthDate, BIRTH_REGISTRATION_DAYS) >= filedOn(dossier),
        `born ${form.child.birthDate}; births are registered within ${BIRTH_REGISTRATION_DAYS} days (late registration needs the officer)`,
      ),
      finding(
        'birth-certificate',
        form.birthCertificate.issuedOn >= form.child.birthDate && form.birthCertificate.issuedOn <= today,
        `hospital birth certificate ${form.birthCertificate.number} issued ${form.birthCertificate.issuedOn} by facility ${form.birthCertificate.facilityCode}`,
      ),
    ];
    // A second dossier for the same child (another spelling of the name) must not get a second PIN automatically;
    // twins are real, so an officer decides.
    const siblings = await Promise.all(
      (await deps.population.listChildren(form.motherPin)).map((pin) => deps.population.getCitizen(pin)),
    );
    let sameDay = siblings.filter((c) => c?.birthDate === form.child.birthDate);
    // Not the child this very dossier registered: an approval that wrote the child and died before recording the
    // step is retried, and must find the birth as it left it, not a second birth.
    if (sameDay.length > 0) {
      const own = await deps.population.readClaim(birthClaimKey(dossier.id));
      sameDay = sameDay.filter((c) => c?.pin !== own);
    }
    findings.push(
      finding(
        'no-child-registered-that-day',
        sameDay.length === 0,
        sameDay.length === 0
          ? 'the mother has no child registered with this birth date'
          : `the mother already has ${sameDay.length} child(ren) registered with this birth date (twins, or the same birth twice?)`,
      ),
    );
    if (form.fatherPin) {
      findings.push(
        finding(
          'father-in-npdb',
          father?.sex === 'male',
          father ? `found, ${father.sex}, ${father.status}` : 'no citizen with this PIN',
        ),
      );
    }
    return findings;
  },
  async apply(context, actor) {
    // The PIN first, under the dossier's birth claim: a retried or concurrent approval finds the same child.
    const issued = await issueChildPin(context, actor);
    // Then the certificate, which states the PIN, as the paper extract does.
    const certificate = await issueBirthCertificate(context, String(issued.result.pin));
    return {
      result: { ...certificate.result, ...issued.result },
      documents: { ...certificate.documents, ...issued.documents },
      text: {
        vi: `${certificate.text.vi} ${issued.text.vi}`,
        en: `${certificate.text.en} ${issued.text.en}`,
      },
    };
  },
};

/** The e-birth certificate `KS…`, stating the child's PIN (numbered from the dossier: a retry finds the same one). */
const issueBirthCertificate = async ({ dossier, now, deps }: StepContext, pin: string): Promise<StepEffect> => {
  const form = birthForm(dossier);
  const withPin = { vi: `, số định danh cá nhân ${pin}`, en: `, PIN ${pin}` };
  const document = await deps.documents.issueOnce({
    number: numberFor('KS', dossier),
    verificationCode: verificationCode(),
    type: 'birth-certificate',
    issuedAt: now.toISOString(),
    issuedTo: { type: 'citizen', id: dossier.applicantPin },
    subject: { pin, fullName: form.child.fullName, birthDate: form.child.birthDate },
    dossierId: dossier.id,
    statement: {
      vi: `Trích lục khai sinh điện tử: ${form.child.fullName}, sinh ngày ${form.child.birthDate}${withPin.vi}.`,
      en: `Electronic birth certificate: ${form.child.fullName}, born ${form.child.birthDate}${withPin.en}.`,
    },
  });
  return {
    result: { birthCertificateNumber: document.number, verificationCode: document.verificationCode },
    documents: { birthCertificateNumber: document.number },
    text: {
      vi: `Đã đăng ký khai sinh cho ${form.child.fullName}; số trích lục ${document.number}.`,
      en: `The birth of ${form.child.fullName} is registered; certificate ${document.number}.`,
    },
  };
};
