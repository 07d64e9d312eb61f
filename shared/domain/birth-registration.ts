/**
 * Kept apart from pin.ts so that code that only parses PINs does not load the communes' codes and the provinces.
 */
import { communePlace } from './admin-units/commune-codes.ts';
import { isLegacyProvinceCode } from './admin-units/legacy-province-codes.ts';
import { findProvince } from './admin-units/provinces.ts';
import { ValidationError } from './errors.ts';

/**
 * THE rule for which 3-digit code a birth registered from 1 July 2025 gets. Public sources do not say how the NPDB
 * chose after the merger (it is unconfirmed), so the platform decides here and nowhere else:
 * 1. if the registering commune is known and was formed in one legacy province (its code came from that province),
 *    use that province's code: a birth in Phường Phủ Lý (Ninh Bình, formerly Hà Nam) gets 035;
 * 2. otherwise use the code of the legacy province whose name the new unit kept (the first of mergedLegacyCodes):
 *    Ninh Bình 37 → 037, Lào Cai 15 → 010, Tuyên Quang 08 → 008.
 * Change this function, and only this one, when the real rule is published.
 */
export const legacyProvinceCodeForBirthRegistration = (newProvinceCode: string, communeCode?: string): string => {
  const province = findProvince(newProvinceCode);
  if (!province) {
    throw new ValidationError(`${newProvinceCode} is not one of the 34 province codes.`, [
      { field: 'provinceCode', message: `${newProvinceCode} is not one of the 34 province codes.` },
    ]);
  }
  if (communeCode !== undefined) {
    const commune = communePlace(communeCode);
    if (commune && commune.provinceCode !== province.code) {
      const message = `Commune ${communeCode} is in province ${commune.provinceCode}, not ${province.code}.`;
      throw new ValidationError(message, [{ field: 'communeCode', message }]);
    }
    if (commune && isLegacyProvinceCode(commune.legacyProvinceCode)) return commune.legacyProvinceCode;
  }
  const nameGiver = province.mergedLegacyCodes[0];
  if (!nameGiver) throw new Error(`Province ${province.code} has no legacy codes.`);
  return nameGiver;
};
