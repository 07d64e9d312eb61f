/**
 * What a dossier costs: the service's fee from the catalogue (shared/services/catalogue/, `fee.amountVnd`) plus the
 * priced extras a citizen may ask for, under one versioned fee schedule. The version is printed on every receipt, so
 * a receipt always says which amounts it applied even after the schedule changes.
 *
 * Which extras exist is configuration to confirm against the fee circulars in force (see `note`): today one, the
 * additional certified copies of the death extract a family asks for with the death group (the first copy is free
 * with the registration; copies are charged per Thông tư 281/2016/TT-BTC, 8,000 đồng each). It gives the free death
 * group an optional, real fee path, so a paid dossier runs through the same engine as every other dossier.
 */
import type { GroupId } from '../dossiers/catalogue.ts';
import type { DossierFee, FeeLine } from '../dossiers/dossier.ts';
import type { SubmitDossier } from '../dossiers/forms.ts';
import { SERVICE_17 } from '../services/catalogue/by-service/17-birth-group.ts';
import { SERVICE_18 } from '../services/catalogue/by-service/18-death-group.ts';
import type { Service } from '../services/catalogue/schema.ts';
import { FEE_SCHEDULE, type FeeSchedule } from './fee-schedule.ts';

export { FEE_SCHEDULE, type FeeSchedule } from './fee-schedule.ts';

/** Each group's entry in the catalogue (whose codes are the groups' `serviceNumber`). */
const GROUP_SERVICES: Readonly<Record<GroupId, Service>> = { 'birth-group': SERVICE_17, 'death-group': SERVICE_18 };

/** The fee of the catalogue's service for a procedure group (0 for the free groups 17 and 18). */
export const catalogueFee = (group: GroupId): number => GROUP_SERVICES[group].fee.amountVnd;

/** The fee of a submission, or undefined when it costs nothing (the dossier then starts at once). */
export const dossierFee = (request: SubmitDossier, schedule: FeeSchedule = FEE_SCHEDULE): DossierFee | undefined => {
  const lines: FeeLine[] = [];
  const base = catalogueFee(request.group);
  if (base > 0) {
    const service = GROUP_SERVICES[request.group];
    lines.push({
      item: `service-${service.code}`,
      text: service.name,
      quantity: 1,
      unitVnd: base,
      amountVnd: base,
    });
  }
  if (request.group === 'death-group' && (request.form.extractCopies ?? 0) > 0) {
    const extra = schedule.extras['death-extract-copy'];
    if (extra) {
      const quantity = request.form.extractCopies ?? 0;
      lines.push({
        item: 'death-extract-copy',
        text: extra.text,
        quantity,
        unitVnd: extra.unitVnd,
        amountVnd: quantity * extra.unitVnd,
      });
    }
  }
  const amountVnd = lines.reduce((sum, line) => sum + line.amountVnd, 0);
  return amountVnd > 0 ? { amountVnd, scheduleVersion: schedule.version, lines } : undefined;
};
