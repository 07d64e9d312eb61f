/**
 * What an essential service's dossier costs. Apart from fees.ts (the procedure groups' fees), whose catalogue entries
 * of services 17 and 18 a service's function would otherwise bundle.
 */
import type { DossierFee, ServiceRef } from '../dossiers/dossier.ts';
import { FEE_SCHEDULE, type FeeSchedule } from './fee-schedule.ts';

/**
 * The fee of an essential service's dossier: the catalogue's fee for filing online, copied on the dossier at intake
 * (`ServiceRef.feeVnd`), or undefined when the service is free (the dossier then starts at once).
 */
export const serviceDossierFee = (
  service: Pick<ServiceRef, 'code' | 'name' | 'feeVnd'>,
  schedule: FeeSchedule = FEE_SCHEDULE,
): DossierFee | undefined =>
  service.feeVnd > 0
    ? {
        amountVnd: service.feeVnd,
        scheduleVersion: schedule.version,
        lines: [
          {
            item: `service-${service.code}`,
            text: service.name,
            quantity: 1,
            unitVnd: service.feeVnd,
            amountVnd: service.feeVnd,
          },
        ],
      }
    : undefined;
