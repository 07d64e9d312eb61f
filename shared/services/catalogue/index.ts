/**
 * The catalogue of the 25 essential public services (Decision 06/QĐ-TTg and the 2025 lists) as data. Adding or
 * changing a service is one entry in one of the files below; the catalogue is validated against its schema when
 * this module loads, so a malformed entry fails every test and every cold start rather than one page.
 */
import * as z from '../../validation/zod.ts';
import { CIVIL_STATUS_SERVICES } from './civil-status.ts';
import { OTHER_AGENCY_SERVICES } from './other-agencies.ts';
import { PUBLIC_SECURITY_SERVICES } from './public-security.ts';
import { type Service, ServiceSchema } from './schema.ts';

export * from './schema.ts';

const CatalogueSchema = z.array(ServiceSchema).check(
  z.length(25),
  z.refine((all) => all.every((s, i) => s.code === i + 1), 'codes run 1 to 25 in order'),
  z.refine((all) => new Set(all.map((s) => s.slug)).size === all.length, 'slugs are unique'),
);

/** The 25 services, ordered by code. */
export const SERVICES: readonly Service[] = CatalogueSchema.parse([
  ...PUBLIC_SECURITY_SERVICES,
  ...CIVIL_STATUS_SERVICES,
  ...OTHER_AGENCY_SERVICES,
]);

export const findService = (code: number): Service | undefined => SERVICES[code - 1];
