import { describe, expect, it } from 'vitest';
import { matchesEventPattern, validateEventPattern } from '../../../../shared/feed/event-pattern.ts';
import { LIFE_EVENT_SOURCE, LIFE_EVENT_TYPES } from '../../../../shared/feed/life-event.ts';
import { fanOutPattern, matchingSubscribers, replayPattern, unionOfPatterns } from '../../../../shared/feed/routing.ts';
import { SUBSCRIBERS, subscriberPattern } from '../../../../shared/feed/subscribers.ts';

const event = (type: string, extra: Record<string, unknown> = {}) => ({
  version: '0',
  id: 'e',
  source: LIFE_EVENT_SOURCE,
  'detail-type': type,
  detail: {},
  ...extra,
});
const TYPES = [...LIFE_EVENT_TYPES, 'Passport Issued'];

describe('the fan-out rule', () => {
  it('matches a live event exactly when some agency’s own pattern does', () => {
    for (const type of TYPES) {
      const wanted = SUBSCRIBERS.some((s) => matchesEventPattern(subscriberPattern(s), event(type)));
      expect([type, matchesEventPattern(fanOutPattern(), event(type))]).toEqual([type, wanted]);
    }
    expect(matchesEventPattern(fanOutPattern(), { ...event('Death Registered'), source: 'other' })).toBe(false);
    validateEventPattern(fanOutPattern());
  });

  it('matches no replayed event, so a replay never reaches every agency', () => {
    for (const type of TYPES) {
      expect(matchesEventPattern(fanOutPattern(), event(type, { 'replay-name': 'r1' }))).toBe(false);
    }
  });

  it('follows the subscribers table: an agency’s new event type widens it', () => {
    const [first, ...rest] = SUBSCRIBERS;
    if (!first) throw new Error('no subscriber');
    const narrow = fanOutPattern([{ ...first, eventTypes: ['Marriage Registered'] }]);
    expect(narrow['detail-type']).toEqual(['Marriage Registered']);
    expect(fanOutPattern([first, ...rest])['detail-type']).toEqual([
      ...new Set(SUBSCRIBERS.flatMap((s) => s.eventTypes)),
    ]);
  });

  it('refuses patterns whose union one rule cannot express exactly', () => {
    expect(() => unionOfPatterns([])).toThrow(/No subscriber/);
    expect(() =>
      unionOfPatterns([
        { source: ['a'], 'detail-type': ['x'] },
        { source: ['b'], 'detail-type': ['y'] },
      ]),
    ).toThrow(/differ in detail-type and source/);
    expect(() => unionOfPatterns([{ source: ['a'] }, { source: ['a'], 'detail-type': ['y'] }])).toThrow(/same fields/);
    expect(() => unionOfPatterns([{ source: [{ prefix: 'a' }] }])).toThrow(/list of values/);
  });
});

describe('the replay rules', () => {
  it('match replayed events of the agency’s own types only, never live ones', () => {
    for (const subscriber of SUBSCRIBERS) {
      for (const type of TYPES) {
        const own = (subscriber.eventTypes as readonly string[]).includes(type);
        expect(matchesEventPattern(replayPattern(subscriber), event(type, { 'replay-name': 'r1' }))).toBe(own);
        expect(matchesEventPattern(replayPattern(subscriber), event(type))).toBe(false);
      }
    }
  });
});

describe('matchingSubscribers', () => {
  it('chooses the agencies by their own patterns, among the candidates given', () => {
    expect(matchingSubscribers(event('Residence Changed')).map((s) => s.id)).toEqual([
      'vss',
      'tax',
      'education',
      'election-roll',
    ]);
    expect(matchingSubscribers(event('Marriage Registered')).map((s) => s.id)).toEqual(['tax']);
    const health = SUBSCRIBERS.filter((s) => s.id === 'health');
    expect(matchingSubscribers(event('Residence Changed'), health)).toEqual([]);
  });
});
