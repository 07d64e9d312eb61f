/**
 * The CDK side of "one topology, two targets": the synthesized templates hold exactly what the topology declares.
 * The local-cloud side compares the same inventory with the running local cloud (test/integration/local-cloud).
 */
import { describe, expect, it } from 'vitest';
import {
  FUNCTIONS,
  intakeDlqName,
  intakeQueueName,
  parseProvinceList,
  ROUTES,
  TABLES,
  WORKFLOWS,
} from '../../infra/topology.ts';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { templateInventory } from './template-inventory.ts';

describe('the synthesized templates', () => {
  it('hold exactly the topology for the default provinces', async () => {
    const provinces = parseProvinceList(undefined);
    const inventory = await templateInventory(provinces);

    expect(inventory).toEqual({
      routes: ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
      queues: provinces.map(intakeQueueName).sort(),
      dlqs: provinces.map(intakeDlqName).sort(),
      tables: TABLES.map((t) => t.id).sort(),
      functions: FUNCTIONS.map((f) => f.id).sort(),
      stateMachines: WORKFLOWS.map((w) => w.id).sort(),
    });
  });

  it('hold one intake queue and one DLQ for each of the 34 provinces when all are onboarded', async () => {
    const inventory = await templateInventory([...PROVINCE_CODES]);

    expect(inventory.queues).toEqual(PROVINCE_CODES.map(intakeQueueName).sort());
    expect(inventory.dlqs).toEqual(PROVINCE_CODES.map(intakeDlqName).sort());
  });
});
