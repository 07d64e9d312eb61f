/**
 * The portal's stand-in for shared/domain/admin-units/commune-codes.ts (vite.config.ts aliases it): the service form
 * already loads the commune tables with their names to let a citizen pick a commune, so the forms' address check
 * answers from those rather than download the same units' codes a second time.
 */
import type { CommunePlace } from '../../../shared/domain/admin-units/commune-codes.ts';
import { findCommune } from '../../../shared/domain/admin-units/communes.ts';

export type { CommunePlace };

export const communePlace = (code: string): CommunePlace | undefined => {
  const commune = findCommune(code);
  return commune && { provinceCode: commune.provinceCode, legacyProvinceCode: commune.legacyProvinceCode };
};
