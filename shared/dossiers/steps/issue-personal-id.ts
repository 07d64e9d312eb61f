/** IssuePersonalId (the NPDB, automatic): one PIN per birth, the child written with the birth claim. */

import type { Citizen } from '../../domain/citizen.ts';
import { createPinIssuer } from '../../domain/pin.ts';
import {
  birthClaimKey,
  birthForm,
  change,
  childRegistered,
  householdPerson,
  requireRecord,
  type StepEffect,
  type StepRule,
} from './common.ts';

export const issuePersonalId: StepRule = {
  applied: ({ dossier, deps }) => childRegistered(dossier, deps),
  async check() {
    return [];
  },
  async apply({ dossier, now, deps }, actor) {
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
    const birthRegistrationCode = deps.birthRegistrationCode;
    if (!birthRegistrationCode) throw new Error('This function issues no PINs: it was given no birthRegistrationCode.');
    const home = await requireRecord(deps, householdPerson(dossier), 'household member');
    const childWith = (pin: string): Citizen => ({
      pin,
      fullName: form.child.fullName,
      sex: form.child.sex,
      birthDate: form.child.birthDate,
      status: 'alive',
      ethnicity: form.child.ethnicity,
      nationality: form.child.nationality,
      // The household's address until the police register the residence (next step).
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
    let pin: string;
    try {
      pin = await issuer.issue({
        legacyProvinceCode: birthRegistrationCode(dossier.provinceCode, dossier.communeCode),
        sex: form.child.sex,
        birthYear: Number(form.child.birthDate.slice(0, 4)),
      });
    } catch (error) {
      const winner = await deps.population.readClaim(claim);
      if (winner) return done(winner);
      throw error;
    }
    return done(pin);
  },
};
