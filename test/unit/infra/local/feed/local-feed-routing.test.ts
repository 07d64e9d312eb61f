/**
 * The feed's rules on the local bus route as in EventBridge: a live event reaches the fan-out rule only (one
 * delivery for all agencies), a replay reaches only the replay rules its FilterArns name, never the fan-out rule.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { FEED, feedBusRules } from '../../../../../infra/feed-topology.ts';
import { LocalEventBus } from '../../../../../infra/local/feed/local-event-bus.ts';
import { LIFE_EVENT_SOURCE } from '../../../../../shared/feed/life-event.ts';
import { FAN_OUT_RULE_NAME, subscriberReplayRuleName } from '../../../../../shared/feed/names.ts';

const setup = () => {
  const reached: string[] = [];
  const bus = new LocalEventBus({
    region: 'ap-southeast-1',
    accountId: '000000000000',
    busName: FEED.busName,
    archiveName: FEED.archiveName,
    rules: feedBusRules(FEED).map((rule) => ({
      name: rule.ruleName,
      pattern: rule.pattern,
      target: async (event) => {
        reached.push(`${rule.ruleName}${event['replay-name'] ? ` (${event['replay-name']})` : ''}`);
      },
    })),
    onUndeliverable: async () => undefined,
  });
  const put = (type: string) =>
    bus.handle('PutEvents', {
      Entries: [{ EventBusName: FEED.busName, Source: LIFE_EVENT_SOURCE, DetailType: type, Detail: '{}' }],
    });
  const replay = async (name: string, filterArns?: string[]) => {
    await bus.handle('StartReplay', {
      ReplayName: name,
      EventSourceArn: bus.archiveArn,
      EventStartTime: Date.now() / 1000 - 60,
      EventEndTime: Date.now() / 1000 + 60,
      Destination: { Arn: bus.busArn, ...(filterArns ? { FilterArns: filterArns } : {}) },
    });
    for (;;) {
      const { State } = (await bus.handle('DescribeReplay', { ReplayName: name })) as { State: string };
      if (State === 'COMPLETED' || State === 'FAILED') return State;
      await sleep(5);
    }
  };
  return { bus, reached, put, replay };
};

describe('the feed’s rules on the local bus', () => {
  it('send a live event to the fan-out rule only, once', async () => {
    const { bus, reached, put } = setup();
    await put('Residence Changed');
    await put('Passport Issued');
    await bus.drain();
    expect(reached).toEqual([FAN_OUT_RULE_NAME]);
  });

  it('send a replay to the replay rule its FilterArns name, or to every agency’s replay rule, never the fan-out', async () => {
    const { bus, reached, put, replay } = setup();
    await put('Death Registered');
    await bus.drain();
    reached.splice(0);

    expect(await replay('only-health', [bus.ruleArn(subscriberReplayRuleName('health'))])).toBe('COMPLETED');
    expect(reached).toEqual([`${subscriberReplayRuleName('health')} (only-health)`]);

    reached.splice(0);
    expect(await replay('all')).toBe('COMPLETED');
    expect(reached.sort()).toEqual(
      ['vss', 'tax', 'health', 'election-roll'].map((id) => `${subscriberReplayRuleName(id)} (all)`).sort(),
    );
  });
});
