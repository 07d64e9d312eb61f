/**
 * The CDK side of "one topology, two targets": the synthesized templates hold exactly what the topology declares.
 * The local-cloud side compares the same inventory with the running local cloud (test/integration/local-cloud).
 */
import { describe, expect, it } from 'vitest';
import { FEED, feedBusRules } from '../../infra/feed-topology.ts';
import {
  FUNCTIONS,
  intakeDlqName,
  intakeQueueName,
  parseProvinceList,
  ROUTES,
  rateExpression,
  SCHEDULES,
  stateMachineName,
  TABLES,
  WORKFLOWS,
} from '../../infra/topology.ts';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { templateInventory } from './template-inventory.ts';

/** The feed's queues that are not a redrive target: each agency's queue, the undelivered and unpublished queues. */
const feedQueues = [...FEED.subscribers.map((s) => s.queueName), FEED.undeliveredQueueName, FEED.unpublishedQueueName];

describe('the synthesized templates', () => {
  it('hold exactly the topology for the default provinces', async () => {
    const provinces = parseProvinceList(undefined);
    const inventory = await templateInventory(provinces);

    expect(inventory).toEqual({
      routes: ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
      queues: [...provinces.map(intakeQueueName), ...feedQueues].sort(),
      dlqs: [...provinces.map(intakeDlqName), ...FEED.subscribers.map((s) => s.dlqName)].sort(),
      tables: TABLES.map((t) => t.id).sort(),
      functions: [...FUNCTIONS, ...FEED.functions].map((f) => f.id).sort(),
      stateMachines: WORKFLOWS.map((w) => stateMachineName(w.id)).sort(),
      schedules: SCHEDULES.map((s) => `${s.functionId} ${rateExpression(s.everyMinutes)}`).sort(),
      busRules: feedBusRules(FEED)
        .map((r) => `${r.ruleName} ${JSON.stringify(r.pattern)}`)
        .sort(),
    });
    expect(inventory.stateMachines.every((name) => name.startsWith('p06-'))).toBe(true);
  });

  it('hold one intake queue and one DLQ for each of the 34 provinces when all are onboarded', async () => {
    const inventory = await templateInventory([...PROVINCE_CODES]);

    expect(inventory.queues).toEqual([...PROVINCE_CODES.map(intakeQueueName), ...feedQueues].sort());
    expect(inventory.dlqs).toEqual(
      [...PROVINCE_CODES.map(intakeDlqName), ...FEED.subscribers.map((s) => s.dlqName)].sort(),
    );
    // The intake consumer is in each province stack, every other function once in the national services stack.
    expect(inventory.functions).toEqual([...FUNCTIONS, ...FEED.functions].map((f) => f.id).sort());
  });
});
