/** DeletePermanentResidence (police): the residence deleted, the household kept on the record for a reversal. */
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError } from '../../domain/errors.ts';
import { change, deathForm, finding, requireRecord, type StepRule } from './common.ts';

/** The residence is deleted by this very dossier (keyed by it, so this is also its own effect). */
const deletedByThisDossier: StepRule['applied'] = async ({ dossier, deps }) =>
  (await deps.population.getCitizen(deathForm(dossier).deceasedPin))?.permanentResidenceDeleted?.dossierId ===
  dossier.id;

export const deletePermanentResidence: StepRule = {
  applied: deletedByThisDossier,
  ownEffectWritten: deletedByThisDossier,
  async check({ dossier, deps }) {
    const deceased = await deps.population.getCitizen(deathForm(dossier).deceasedPin);
    return [finding('death-registered', deceased?.status === 'deceased', 'the death is recorded in the NPDB')];
  },
  async apply({ dossier, now, deps }, actor) {
    const deceased = await requireRecord(deps, deathForm(dossier).deceasedPin, 'deceased');
    if (deceased.status !== 'deceased') throw new ConflictError('The death must be registered first.');
    if (!deceased.permanentResidenceDeleted) {
      const { version: _v, householdId, relationToHead, residenceDossierId, ...record } = deceased;
      await deps.population.updateCitizen(
        deceased,
        {
          ...record,
          permanentResidenceDeleted: {
            on: vietnamDate(now),
            reason: 'death',
            dossierId: dossier.id,
            ...(householdId ? { householdId } : {}),
            ...(relationToHead ? { relationToHead } : {}),
            ...(residenceDossierId ? { residenceDossierId } : {}),
          },
        },
        change(actor, 'permanent-residence-deleted', dossier, now),
      );
    }
    return {
      result: { deletedOn: deceased.permanentResidenceDeleted?.on ?? vietnamDate(now) },
      text: {
        vi: `Đã xóa đăng ký thường trú của ${deceased.fullName}.`,
        en: `${deceased.fullName}'s permanent residence registration is deleted.`,
      },
    };
  },
};
