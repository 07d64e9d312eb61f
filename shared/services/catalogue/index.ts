/**
 * The catalogue of the 25 essential public services (Decision 06/QĐ-TTg and the 2025 lists) as data. Adding or
 * changing a service is its one file in ./by-service/, listed below; the catalogue is validated against its schema
 * when this module loads, so a malformed entry fails every test, and the cold start of the catalogue's API and of
 * every function that lists the services, rather than one page. A function that needs one service (its intake, its
 * fee) imports that service's file alone, and bundles no other's texts.
 */
import * as z from '../../validation/zod.ts';
import { SERVICE_01 } from './by-service/01-old-id-number-confirmation.ts';
import { SERVICE_02 } from './by-service/02-id-card-reissue.ts';
import { SERVICE_03 } from './by-service/03-permanent-residence-registration.ts';
import { SERVICE_04 } from './by-service/04-temporary-residence-registration.ts';
import { SERVICE_05 } from './by-service/05-temporary-absence-declaration.ts';
import { SERVICE_06 } from './by-service/06-overnight-stay-notification.ts';
import { SERVICE_07 } from './by-service/07-motorbike-registration.ts';
import { SERVICE_08 } from './by-service/08-traffic-fine-payment.ts';
import { SERVICE_09 } from './by-service/09-ordinary-passport.ts';
import { SERVICE_10 } from './by-service/10-seal-registration.ts';
import { SERVICE_11 } from './by-service/11-miniature-seal-registration.ts';
import { SERVICE_12 } from './by-service/12-criminal-record-certificate.ts';
import { SERVICE_13 } from './by-service/13-driving-licence-renewal.ts';
import { SERVICE_14 } from './by-service/14-birth-registration.ts';
import { SERVICE_15 } from './by-service/15-death-registration.ts';
import { SERVICE_16 } from './by-service/16-marriage-registration.ts';
import { SERVICE_17 } from './by-service/17-birth-group.ts';
import { SERVICE_18 } from './by-service/18-death-group.ts';
import { SERVICE_19 } from './by-service/19-land-title-update.ts';
import { SERVICE_20 } from './by-service/20-household-health-insurance.ts';
import { SERVICE_21 } from './by-service/21-individual-tax-registration.ts';
import { SERVICE_22 } from './by-service/22-exam-and-admission-registration.ts';
import { SERVICE_23 } from './by-service/23-unemployment-benefit.ts';
import { SERVICE_24 } from './by-service/24-low-voltage-power-connection.ts';
import { SERVICE_25 } from './by-service/25-power-contract-change-of-party.ts';
import { type Service, ServiceSchema } from './schema.ts';

export * from './schema.ts';

const CatalogueSchema = z.array(ServiceSchema).check(
  z.length(25),
  z.refine((all) => all.every((s, i) => s.code === i + 1), 'codes run 1 to 25 in order'),
  z.refine((all) => new Set(all.map((s) => s.slug)).size === all.length, 'slugs are unique'),
);

/** The 25 services, ordered by code. */
export const SERVICES: readonly Service[] = CatalogueSchema.parse([
  SERVICE_01,
  SERVICE_02,
  SERVICE_03,
  SERVICE_04,
  SERVICE_05,
  SERVICE_06,
  SERVICE_07,
  SERVICE_08,
  SERVICE_09,
  SERVICE_10,
  SERVICE_11,
  SERVICE_12,
  SERVICE_13,
  SERVICE_14,
  SERVICE_15,
  SERVICE_16,
  SERVICE_17,
  SERVICE_18,
  SERVICE_19,
  SERVICE_20,
  SERVICE_21,
  SERVICE_22,
  SERVICE_23,
  SERVICE_24,
  SERVICE_25,
]);

export const findService = (code: number): Service | undefined => SERVICES[code - 1];
