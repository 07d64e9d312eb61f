/**
 * Service 14, birth registration on its own (Law on Civil Status 2014, art. 13-17): the same checks and effect as the
 * birth part of procedure group 17, without its residence and health-insurance steps. The commune civil-status
 * officer of the applicant's residence decides; approval issues the child's PIN (once per dossier: the group's
 * birth claim) and the e-birth certificate (verifiable). The form is the group's birth form without `householdOf`
 * (no household is joined here: the child is recorded at the applicant's address, as the group does before its
 * residence step).
 */
import { ageInYears } from '../../domain/dates.ts';
import { UnprocessableError } from '../../domain/errors.ts';
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding, type StepRule } from '../../dossiers/steps/common.ts';
import { registerBirth } from '../../dossiers/steps/register-birth.ts';
import { route } from '../../dossiers/submit-dossier.ts';
import { BirthRegistrationForm } from '../forms/civil-status.ts';

export { BirthRegistrationForm };

/** The group's RegisterBirth, decided by an officer only. */
const rule: StepRule = {
  ...registerBirth,
  check: async (context) => [
    ...(await registerBirth.check(context)),
    // Never auto-approved: the PIN is issued with the officer's decision (DecideOfficerTask holds the PIN key; a
    // province's intake consumer, which auto-approves services, does not).
    finding('decided-by-officer', false, "the civil-status officer approves the registration and the child's PIN"),
  ],
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
