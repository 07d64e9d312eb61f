/**
 * Service 15, death registration on its own (Law on Civil Status 2014, art. 33-34): the death part of procedure group
 * 18 without deleting the residence or any allowance. A relative files; the commune civil-status officer of the
 * deceased's residence decides, with the group's rule: the NPDB records the death and its date (change history
 * `death-registered`), the e-ID account is disabled, and the e-death extract is issued (verifiable).
 */
import type { ServiceProcedure } from '../../dossiers/service-procedure.ts';
import { finding, type StepRule } from '../../dossiers/steps/common.ts';
import { registerDeath } from '../../dossiers/steps/register-death.ts';
import { route } from '../../dossiers/submit-dossier.ts';
import { DeathRegistrationForm } from '../forms/civil-status.ts';

export { DeathRegistrationForm };

/**
 * The group's rule, never auto-approved: a province may auto-approve `ServiceDecision` (the step every service
 * shares), but a death disables the e-ID account and ends the citizen's record, so the civil-status officer decides,
 * as in the group (whose `RegisterDeath` no province auto-approves) and as for service 14.
 */
const rule: StepRule = {
  applied: registerDeath.applied,
  check: async (context) => [
    ...(await registerDeath.check(context)),
    finding('decided-by-officer', false, 'the civil-status officer approves the registration of the death'),
  ],
  apply: registerDeath.apply,
};

export const deathRegistration: ServiceProcedure<DeathRegistrationForm> = {
  code: 15,
  agency: 'civil-status',
  form: DeathRegistrationForm,
  async intake({ applicant, form, today, population }) {
    // The group's intake checks (a relative files, not already deceased, dates) and its subject: one pending
    // registration per death, whether filed alone or as group 18.
    const routing = await route(
      { population },
      applicant.pin,
      { group: 'death-group', form: { ...form, alsoRequest: [] } },
      today,
    );
    return {
      communeCode: routing.communeCode,
      provinceCode: routing.provinceCode,
      parties: [form.deceasedPin],
      subject: routing.subject,
    };
  },
  rule,
};
