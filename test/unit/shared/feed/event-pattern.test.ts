/** The examples of the EventBridge user guide ("Event patterns", "Content filtering"), and the feed's patterns. */
import { describe, expect, it } from 'vitest';
import { type EventPattern, matchesEventPattern, validateEventPattern } from '../../../../shared/feed/event-pattern.ts';
import { LIFE_EVENT_SOURCE } from '../../../../shared/feed/life-event.ts';
import { SUBSCRIBERS, subscriberPattern } from '../../../../shared/feed/subscribers.ts';

/** The guide's sample event: an EC2 instance state-change notification. */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 },
};

const matches = (pattern: EventPattern, event: unknown = ec2Event) => matchesEventPattern(pattern, event);

describe('matchesEventPattern', () => {
  it('matches exact values in any of the listed alternatives, and all fields must match', () => {
    expect(matches({ source: ['aws.ec2'], detail: { state: ['running', 'terminated'] } })).toBe(true);
    expect(matches({ source: ['aws.ec2'], detail: { state: ['running'] } })).toBe(false);
    expect(matches({ source: ['aws.s3'] })).toBe(false);
  });

  it('matches an array field in the event when any element matches', () => {
    expect(matches({ resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0', 'x'] })).toBe(true);
    expect(matches({ resources: ['x'] })).toBe(false);
  });

  it('needs the field to be present, except for exists false', () => {
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
    expect(matches({ detail: { missing: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { state: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { state: [{ exists: false }] } })).toBe(false);
  });

  it('tells null, the empty string and absence apart', () => {
    expect(matches({ a: [null] }, { a: null })).toBe(true);
    expect(matches({ a: [null] }, { a: '' })).toBe(false);
    expect(matches({ a: [''] }, { a: '' })).toBe(true);
    expect(matches({ a: [null] }, {})).toBe(false);
  });

  it('matches prefix, suffix and equals-ignore-case', () => {
    expect(matches({ time: [{ prefix: '2017-12-22' }] })).toBe(true);
    expect(matches({ time: [{ prefix: '2018' }] })).toBe(false);
    expect(matches({ detail: { 'instance-id': [{ suffix: 'def0' }] } })).toBe(true);
    expect(matches({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] })).toBe(true);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'AWS.' } }] })).toBe(true);
  });

  it('matches anything-but a value, a list or a prefix, and never a missing field', () => {
    expect(matches({ detail: { state: [{ 'anything-but': 'initializing' }] } })).toBe(true);
    expect(matches({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } })).toBe(false);
    expect(matches({ detail: { state: [{ 'anything-but': { prefix: 'term' } }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('compares numbers numerically and by range', () => {
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] } })).toBe(true);
    expect(matches({ detail: { 'd-count': [{ numeric: ['<', 10] }] } })).toBe(true);
    expect(matches({ detail: { 'x-limit': [{ numeric: ['=', 3.018e2] }] } })).toBe(true);
    expect(matches({ detail: { 'c-count': [{ numeric: ['>', 5] }] } })).toBe(false);
    expect(matches({ detail: { 'c-count': [5.0] } })).toBe(true);
  });

  it('matches wildcards and $or alternatives', () => {
    expect(matches({ region: [{ wildcard: 'us-*-1' }] })).toBe(true);
    expect(
      matches({
        source: ['aws.ec2'],
        $or: [{ detail: { 'c-count': [{ numeric: ['>', 10] }] } }, { region: ['us-west-1'] }],
      }),
    ).toBe(true);
    expect(matches({ $or: [{ detail: { 'c-count': [{ numeric: ['>', 10] }] } }, { region: ['eu-west-1'] }] })).toBe(
      false,
    );
  });

  it('rejects operators it does not implement, so the local bus never routes differently from AWS', () => {
    expect(() => validateEventPattern({ ip: [{ cidr: '10.0.0.0/24' }] })).toThrow(/cidr/);
    expect(() => validateEventPattern({ $or: [{ a: [{ bogus: 1 }] }] })).toThrow(/bogus/);
  });
});

describe('the subscribers’ patterns', () => {
  it('are valid and route each life event only to the agencies that subscribe to its type', () => {
    const death = { source: LIFE_EVENT_SOURCE, 'detail-type': 'Death Registered', detail: {} };
    const receivers = SUBSCRIBERS.filter((s) => {
      validateEventPattern(subscriberPattern(s));
      return matchesEventPattern(subscriberPattern(s), death);
    }).map((s) => s.id);
    expect(receivers).toEqual(['vss', 'tax', 'health', 'election-roll']);
    expect(matchesEventPattern(subscriberPattern(SUBSCRIBERS[0]), { ...death, source: 'someone.else' })).toBe(false);
  });
});
