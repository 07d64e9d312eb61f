/**
 * Service 14, birth registration on its own (Law on Civil Status 2014, art. 13-17): the same checks and effect as the
 * birth part of procedure group 17, without its residence and health-insurance steps. The commune civil-status
 * officer of the applicant's residence decides; approval issues the child's PIN (once per dossier: the group's
 * birth claim) and the e-birth certificate (verifiable). The form is the group's birth form without `householdOf`
 * (no household is joined here: the child is recorded at the applicant's address, as the group does before its
 * residence step).
 */
import { legacyProvinceCodeForBirthRegistration } from '../../domain/birth-registration.ts';
import { ageInYears } from '../../domain/dates.ts';
import { UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { birthClaimKey, finding, type StepDeps, type StepRule } from '../../dossiers/steps/common.ts';
import { issuePersonalId } from '../../dossiers/steps/issue-personal-id.ts';
import { issueBirthCertificate, registerBirth } from '../../dossiers/steps/register-birth.ts';
import { route } from '../../dossiers/submit-dossier.ts';
import { BirthRegistrationForm } from '../forms/civil-status.ts';

export { BirthRegistrationForm };

/** The function deciding service dossiers issues PINs too: it is given the birth-registration code rule here. */
const withPinRule = (deps: StepDeps): StepDeps =>
  deps.birthRegistrationCode ? deps : { ...deps, birthRegistrationCode: legacyProvinceCodeForBirthRegistration };

const rule: StepRule = {
  applied: async (context) =>
    (await context.deps.population.readClaim(birthClaimKey(context.dossier.id))) !== undefined ||
    (await registerBirth.applied(context)),
  check: async (context) => [
    ...(await registerBirth.check(context)),
    // Never auto-approved: the PIN is issued with the officer's decision (DecideOfficerTask holds the PIN key; a
    // province's intake consumer, which auto-approves, does not).
    finding('decided-by-officer', false, "the civil-status officer approves the registration and the child's PIN"),
  ],
  async apply(context, actor) {
    // The PIN first, under the dossier's birth claim: a retried or concurrent approval finds the same child.
    const issued = await issuePersonalId.apply({ ...context, deps: withPinRule(context.deps) }, actor);
    // Then the certificate, which states the PIN (a child registered here has one from the start).
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

export const birthRegistration: ServiceProcedure<BirthRegistrationForm> = {
  code: 14,
  agency: 'civil-status',
  form: BirthRegistrationForm,
  async intake({ applicant, form, today, population }) {
    if (form.child.birthDate <= today && ageInYears(form.child.birthDate, today) >= 6) {
      throw new UnprocessableError(
        'A child of 6 or older is registered late, in person at the commune.',
        'body.form.child.birthDate',
      );
    }
    // The group's own intake checks (parents, the other parent linked in the NPDB) and its subject: one pending
    // registration per child, whether filed alone or as group 17.
    const routing = await route({ population }, applicant.pin, { group: 'birth-group', form }, today);
    return {
      communeCode: routing.communeCode,
      provinceCode: routing.provinceCode,
      parties: [form.motherPin, ...(form.fatherPin ? [form.fatherPin] : [])],
      subject: routing.subject,
    };
  },
  rule,
};
