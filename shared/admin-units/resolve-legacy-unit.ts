/**
 * GET /v1/admin-units/resolve: which administrative unit an address recorded under an old (pre-July-2025) commune
 * code belongs to on a date. Public reference data: no personal data, nothing logged.
 */

import type { Commune } from '../domain/admin-units/communes.ts';
import { type LegacyCommune, resolveLegacyCode } from '../domain/admin-units/legacy-communes.ts';
import { findLegacyProvince, LEGACY_PROVINCES_UNTIL } from '../domain/admin-units/legacy-provinces.ts';
import { findProvince } from '../domain/admin-units/provinces.ts';
import { type Clock, vietnamDate } from '../domain/clock.ts';
import { NotFoundError } from '../domain/errors.ts';
import type * as z from '../validation/zod.ts';
import type { ResolveQuery, ResolveResponse, UnitSchema } from './resolve-schemas.ts';

const presentLegacy = (legacy: LegacyCommune): ResolveResponse['legacy'] => ({
  code: legacy.code,
  fullName: legacy.fullName,
  kind: legacy.kind,
  districtName: legacy.districtName,
  province: { code: legacy.legacyProvinceCode, name: findLegacyProvince(legacy.legacyProvinceCode)?.name ?? '' },
  effectiveUntil: legacy.effectiveUntil,
});

export const presentUnit = (unit: Commune): z.infer<typeof UnitSchema> => ({
  code: unit.code,
  fullName: unit.fullName,
  kind: unit.kind,
  province: { code: unit.provinceCode, name: findProvince(unit.provinceCode)?.name ?? '' },
  effectiveFrom: unit.effectiveFrom,
  ...(unit.effectiveUntil ? { effectiveUntil: unit.effectiveUntil } : {}),
});

/** The use case: 404 for a code that was no commune on 2025-06-30. */
export const resolveLegacyUnit =
  (deps: { clock: Clock }) =>
  (query: ResolveQuery): ResolveResponse => {
    const date = query.date ?? vietnamDate(deps.clock.now());
    const answer = resolveLegacyCode(query.legacyCode, date);
    if (!answer) {
      throw new NotFoundError(
        `${query.legacyCode} was not the code of a commune, ward or township on ${LEGACY_PROVINCES_UNTIL}. ` +
          'Codes of units dissolved before then are not held; a 2025 unit code is not a legacy code.',
      );
    }
    return {
      date: answer.date,
      legacy: presentLegacy(answer.legacy),
      inForce: answer.inForce,
      units: answer.units.map(presentUnit),
      split: answer.split,
      note: answer.note,
    };
  };
