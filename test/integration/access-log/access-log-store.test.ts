import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AccessEntry } from '../../../shared/access-log/access-entry.ts';
import { coalesceAppends } from '../../../shared/access-log/coalescing-appender.ts';
import { verifyChain } from '../../../shared/access-log/hash-chain.ts';
import { verifyAllChains } from '../../../shared/access-log/verify-all-chains.ts';
import { AccessLogStore, entryKey, headKey } from '../../../shared/adapters/dynamodb/access-log-store.ts';
import { ValidationError } from '../../../shared/domain/errors.ts';
import { citizenWithReads, client, readOf, store, TABLE, uniquePin } from './fixtures.ts';

const messagesFor = async (pin: string) =>
  (await verifyAllChains(store)).problems.filter((p) => p.subjectPin === pin).map((p) => p.message);

describe('AccessLogStore on DynamoDB Local', () => {
  it('turns 50 concurrent appends for one citizen into entries 1 to 50 of one valid chain', async () => {
    const pin = uniquePin();
    const stored = await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(readOf(pin, i + 1))));
    expect(stored.map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const chain = await store.readChain(pin);
    expect(chain.entries.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(chain.head?.seq).toBe(50);
    expect(verifyChain(chain.entries, { head: chain.head, subjectPin: pin })).toEqual([]);
  });

  it('appends one request disclosing three children to each child’s chain', async () => {
    const children = [uniquePin(), uniquePin(), uniquePin()];
    const parent = { type: 'citizen' as const, id: uniquePin(), name: 'Nguyễn Văn An' };
    const stored = await store.appendMany(
      children.map((pin, i) => readOf(pin, i, { accessor: parent, purpose: 'citizen-self-service' })),
    );
    expect(stored.map((e) => [e.subjectPin, e.seq])).toEqual(children.map((pin) => [pin, 1]));
    for (const pin of children) expect((await store.readChain(pin)).entries).toHaveLength(1);
  });

  it('keeps one valid chain when environments with stale guesses append for one citizen concurrently, retries included', async () => {
    const pin = uniquePin();
    await store.append(readOf(pin, 0));
    // Five Lambda environments (one store each, each with its own remembered heads), 40 requests, and a Lambda
    // retry of every fourth request in another environment.
    const environments = Array.from({ length: 5 }, () => new AccessLogStore(client, TABLE));
    const requests = Array.from({ length: 40 }, (_, i) => readOf(pin, i + 1));
    const retries = requests.filter((_, i) => i % 4 === 0);
    const stored = await Promise.all(
      [...requests, ...retries].map((entry, i) => (environments[i % 5] as AccessLogStore).append(entry)),
    );
    const chain = await store.readChain(pin);
    expect(chain.entries.map((e) => e.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(new Set(chain.entries.map((e) => e.requestId)).size).toBe(41);
    expect(verifyChain(chain.entries, { head: chain.head, subjectPin: pin })).toEqual([]);
    const byRequest = new Map(chain.entries.map((e) => [e.requestId, e.seq]));
    for (const entry of stored) expect(entry.seq).toBe(byRequest.get(entry.requestId));
  });

  it('chains the coalesced appends of three environments (four agencies per event, retries) into one valid chain', async () => {
    const pin = uniquePin();
    await store.append(readOf(pin, 0));
    // Each environment groups its concurrent appends about the citizen into transactions of several entries;
    // the environments still race for the head, and every third request is retried in another environment.
    const environments = Array.from({ length: 3 }, () => coalesceAppends(new AccessLogStore(client, TABLE)));
    const requests = Array.from({ length: 36 }, (_, i) => readOf(pin, i + 1));
    const retries = requests.filter((_, i) => i % 3 === 0);
    const stored = await Promise.all(
      [...requests, ...retries].map((entry, i) => environments[Math.floor(i / 4) % 3]?.append(entry)),
    );
    const chain = await store.readChain(pin);
    expect(chain.entries.map((e) => e.seq)).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    expect(new Set(chain.entries.map((e) => e.requestId)).size).toBe(37);
    expect(verifyChain(chain.entries, { head: chain.head, subjectPin: pin })).toEqual([]);
    const byRequest = new Map(chain.entries.map((e) => [e.requestId, e.seq]));
    for (const entry of stored) expect(entry?.seq).toBe(byRequest.get(entry?.requestId ?? ''));
  });

  it('returns the entry a retried request already wrote, from a fresh environment, without a second entry', async () => {
    const pin = await citizenWithReads(3);
    const retry = await new AccessLogStore(client, TABLE).append(readOf(pin, 2, { at: new Date().toISOString() }));
    expect(retry.seq).toBe(2);
    expect(retry.at).toBe(readOf(pin, 2).at);
    expect((await store.readChain(pin)).entries).toHaveLength(3);
  });

  it('completes a request about several citizens whose first attempt wrote only some of them', async () => {
    const [a, b, c] = [uniquePin(), uniquePin(), uniquePin()];
    const parent = { type: 'citizen' as const, id: uniquePin() };
    const request = [a, b, c].map((pin) => readOf(pin, 7, { accessor: parent, purpose: 'citizen-self-service' }));
    await store.append(request[0] as AccessEntry);
    const stored = await new AccessLogStore(client, TABLE).appendMany(request);
    expect(stored.map((e) => e.seq)).toEqual([1, 1, 1]);
    for (const pin of [a, b, c]) {
      const chain = await store.readChain(pin);
      expect(chain.entries).toHaveLength(1);
      expect(verifyChain(chain.entries, { head: chain.head, subjectPin: pin })).toEqual([]);
    }
  });

  it('keeps Vietnamese names exactly, so the stored entry still hashes to its hash', async () => {
    const pin = uniquePin();
    await store.append(
      readOf(pin, 1, {
        accessor: { type: 'officer', id: uniquePin(), name: 'Ông Ích Khiêm', agency: 'Công an phường Ba Đình' },
      }),
    );
    const chain = await store.readChain(pin);
    expect(chain.entries[0]?.accessor.name).toBe('Ông Ích Khiêm');
    expect(verifyChain(chain.entries, { head: chain.head })).toEqual([]);
  });

  it('pages a citizen’s entries newest first, with a cursor only while older ones remain', async () => {
    const pin = await citizenWithReads(7);
    const seen: number[][] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listForCitizen(pin, { limit: 3, cursor });
      seen.push(page.entries.map((e) => e.seq));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual([[7, 6, 5], [4, 3, 2], [1]]);
  });

  it('does not list the head item as an entry', async () => {
    const pin = await citizenWithReads(2);
    const page = await store.listForCitizen(pin);
    expect(page.entries.map((e) => e.seq)).toEqual([2, 1]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('refuses a cursor that was tampered with', async () => {
    const pin = await citizenWithReads(3);
    const { nextCursor } = await store.listForCitizen(pin, { limit: 1 });
    await expect(store.listForCitizen(pin, { cursor: `${nextCursor}x` })).rejects.toThrow(ValidationError);
  });

  it('lists what one agency client read, newest first, within a time window', async () => {
    const clientId = `oversight-${uniquePin()}`;
    const accessor = { type: 'agency' as const, id: clientId, name: 'Ngân hàng thử nghiệm' };
    const [a, b] = [uniquePin(), uniquePin()];
    await store.append(readOf(a, 1, { accessor, at: '2026-03-01T00:00:00.000Z' }));
    await store.append(readOf(b, 2, { accessor, at: '2026-03-02T00:00:00.000Z' }));
    await store.append(readOf(a, 3, { accessor, at: '2026-03-03T00:00:00.000Z' }));
    const all = await store.listByAccessor(`agency#${clientId}`, { limit: 2 });
    expect(all.entries.map((e) => [e.subjectPin, e.at])).toEqual([
      [a, '2026-03-03T00:00:00.000Z'],
      [b, '2026-03-02T00:00:00.000Z'],
    ]);
    const rest = await store.listByAccessor(`agency#${clientId}`, { limit: 2, cursor: all.nextCursor });
    expect(rest.entries.map((e) => e.at)).toEqual(['2026-03-01T00:00:00.000Z']);
    expect(rest.nextCursor).toBeUndefined();
    const window = await store.listByAccessor(`agency#${clientId}`, {
      from: '2026-03-02T07:00:00+07:00',
      to: '2026-03-02T00:00:00Z',
    });
    expect(window.entries.map((e) => e.subjectPin)).toEqual([b]);
  });
});

describe('verifyAllChains on DynamoDB Local', () => {
  it('finds nothing wrong with untouched chains', async () => {
    const pin = await citizenWithReads(5);
    const report = await verifyAllChains(store);
    expect(report.problems.filter((p) => p.subjectPin === pin)).toEqual([]);
    expect(report.entriesChecked).toBeGreaterThanOrEqual(5);
    expect(await verifyAllChains(store, { citizen: pin })).toEqual({
      citizensChecked: 1,
      entriesChecked: 5,
      problems: [],
    });
  });

  it('names an entry whose purpose was changed with UpdateItem', async () => {
    const pin = await citizenWithReads(6);
    await client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: entryKey(pin, 4),
        UpdateExpression: 'SET purpose = :p',
        ExpressionAttributeValues: { ':p': 'ekyc' },
      }),
    );
    expect(await messagesFor(pin)).toEqual(['entry 4 was changed after it was written']);
  });

  it('names an entry deleted from the middle of a chain', async () => {
    const pin = await citizenWithReads(8);
    await client.send(new DeleteCommand({ TableName: TABLE, Key: entryKey(pin, 7) }));
    expect(await messagesFor(pin)).toEqual(['entry 7 is missing (the chain jumps from 6 to 8)']);
  });

  it('notices that the newest entry was deleted', async () => {
    const pin = await citizenWithReads(12);
    await client.send(new DeleteCommand({ TableName: TABLE, Key: entryKey(pin, 12) }));
    expect(await messagesFor(pin)).toEqual(['the head says 12 entries but only 11 exist (entry 12 is missing)']);
  });

  it('notices an entry moved to the oversight index of another accessor', async () => {
    const pin = await citizenWithReads(3);
    await client.send(
      new UpdateCommand({
        TableName: TABLE,
        Key: entryKey(pin, 2),
        UpdateExpression: 'SET accessorId = :a',
        ExpressionAttributeValues: { ':a': 'agency#someone-else' },
      }),
    );
    expect(await messagesFor(pin)).toEqual(['entry 2 was changed after it was written']);
  });

  it('keeps appending after verification, linked to the newest entry', async () => {
    const pin = await citizenWithReads(2);
    const third = await store.append(readOf(pin, 3));
    const { Item } = await client.send(new GetCommand({ TableName: TABLE, Key: headKey(pin), ConsistentRead: true }));
    expect(Item).toMatchObject({ seq: 3, hash: third.hash });
  });
});
