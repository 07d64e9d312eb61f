/**
 * The child's PIN, issued by the NPDB when the birth is registered (DOMAIN: "e-birth certificate + new PIN"): one PIN
 * per birth, the child written with the birth claim. Part of `RegisterBirth`'s effect (group 17 and service 14).
 */

import { legacyProvinceCodeForBirthRegistration } from '../../domain/birth-registration.ts';
import type { Citizen } from '../../domain/citizen.ts';
import { createPinIssuer } from '../../domain/pin.ts';
import {
  birthClaimKey,
  birthForm,
  change,
  householdPerson,
  requireRecord,
  type StepContext,
  type StepEffect,
} from './common.ts';

/**
 * Issues the child's PIN under the dossier's birth claim, or returns the one already issued for it (a retried or
 * concurrent approval, a resumption): never a second PIN for one birth.
 */
export const issueChildPin = async ({ dossier, now, deps }: StepContext, actor: string): Promise<StepEffect> => {
  const form = birthForm(dossier);
  const claim = birthClaimKey(dossier.id);
  const existing = await deps.population.readClaim(claim);
  const done = (pin: string): StepEffect => ({
    result: { pin },
    documents: { pin },
    text: {
      vi: `Đã cấp số định danh cá nhân ${pin} cho ${form.child.fullName}.`,
      en: `Personal identification number ${pin} has been issued to ${form.child.fullName}.`,
    },
  });
  if (existing) return done(existing);
  const home = await requireRecord(deps, householdPerson(dossier), 'household member');
  const childWith = (pin: string): Citizen => ({
    pin,
    fullName: form.child.fullName,
    sex: form.child.sex,
    birthDate: form.child.birthDate,
    status: 'alive',
    ethnicity: form.child.ethnicity,
    nationality: form.child.nationality,
    // The household's address until the police register the residence (the group's next step).
    permanentResidence: { ...home.permanentResidence, since: form.child.birthDate },
    motherPin: form.motherPin,
    ...(form.fatherPin ? { fatherPin: form.fatherPin } : {}),
  });
  const registered = change(actor, 'birth-registered', dossier, now);
  // The PIN is "reserved" by creating the child under it, with the claim, in one write: a PIN issued before or held
  // by a citizen moves the issuer on to its next serial; a claim already written means another run of this step
  // won, and its PIN is the child's (no PIN is spent by the run that lost).
  const issuer = createPinIssuer({
    nextSerial: (prefix) => deps.serials.nextPinSerial(prefix),
    serialAt: (prefix, position) => deps.serials.pinSerialAt(prefix, position),
    reserve: (pin) => deps.population.createWithIssuedPin(childWith(pin), registered, { key: claim, value: pin }),
  });
  try {
    return done(
      await issuer.issue({
        legacyProvinceCode: legacyProvinceCodeForBirthRegistration(dossier.provinceCode, dossier.communeCode),
        sex: form.child.sex,
        birthYear: Number(form.child.birthDate.slice(0, 4)),
      }),
    );
  } catch (error) {
    const winner = await deps.population.readClaim(claim);
    if (winner) return done(winner);
    throw error;
  }
};
