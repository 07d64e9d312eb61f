/** DeletePermanentResidence (police): the residence deleted, the household kept on the record for a reversal. */
import type { StoredCitizen } from '../../domain/citizen-record.ts';
import { vietnamDate } from '../../domain/clock.ts';
import { ConflictError } from '../../domain/errors.ts';
import { change, deathForm, finding, requireRecord, type StepRule } from './common.ts';

/** The residence is deleted by this very dossier (keyed by it, so this is also its own effect). */
const deletedByThisDossier: StepRule['applied'] = async ({ dossier, deps }) =>
  (await deps.population.getCitizen(deathForm(dossier).deceasedPin))?.permanentResidenceDeleted?.dossierId ===
  dossier.id;

/**
 * The household a deceased head leaves without head: others live there and none heads it (they choose one and
 * register the change: shared/services/procedures/household-head-change.ts). Read from the record before the deletion
 * or, on a retry, from what the deletion kept.
 */
const headlessAfterDeath = async (
  deceased: StoredCitizen,
  listMembers: (householdId: string) => Promise<StoredCitizen[]>,
): Promise<{ householdId: string; survivors: StoredCitizen[] } | undefined> => {
  const householdId = deceased.permanentResidenceDeleted?.householdId ?? deceased.householdId;
  const relation = deceased.permanentResidenceDeleted?.relationToHead ?? deceased.relationToHead;
  if (!householdId || relation !== 'head') return undefined;
  const survivors = (await listMembers(householdId)).filter(
    (m) => m.pin !== deceased.pin && m.status === 'alive' && m.householdId === householdId,
  );
  return survivors.length > 0 && !survivors.some((m) => m.relationToHead === 'head')
    ? { householdId, survivors }
    : undefined;
};

/**
 * What the family is told: the members choose a new head; a sole survivor heads the household by law (Luật Cư trú 2020,
 * art. 10(4): a household of one is headed by its member), which the change of head records.
 */
const headlessText = (headless: { householdId: string; survivors: StoredCitizen[] } | undefined) => {
  if (!headless) return { vi: '', en: '' };
  const [only, ...more] = headless.survivors;
  if (only && more.length === 0) {
    return {
      vi: ` ${only.fullName} là thành viên duy nhất còn lại của hộ ${headless.householdId} nên là chủ hộ; đăng ký thay đổi chủ hộ với Công an cấp xã để cập nhật thông tin.`,
      en: ` ${only.fullName} is the only member left in household ${headless.householdId} and so heads it; register the change of household head with the commune police to record it.`,
    };
  }
  return {
    vi: ` Hộ gia đình ${headless.householdId} không còn chủ hộ: các thành viên thống nhất đề cử chủ hộ mới và đăng ký thay đổi chủ hộ với Công an cấp xã.`,
    en: ` Household ${headless.householdId} has no head any more: its members agree on a new one and register the change of household head with the commune police.`,
  };
};

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
    const headless = await headlessAfterDeath(deceased, (id) => deps.population.listHouseholdMembers(id));
    const told = headlessText(headless);
    return {
      result: {
        deletedOn: deceased.permanentResidenceDeleted?.on ?? vietnamDate(now),
        ...(headless ? { householdWithoutHead: headless.householdId } : {}),
      },
      text: {
        vi: `Đã xóa đăng ký thường trú của ${deceased.fullName}.${told.vi}`,
        en: `${deceased.fullName}'s permanent residence registration is deleted.${told.en}`,
      },
    };
  },
};
