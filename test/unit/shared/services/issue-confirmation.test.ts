import { describe, expect, it } from 'vitest';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { createAccessRecorder } from '../../../../shared/access-log/record-access.ts';
import type { AccessRecorder } from '../../../../shared/citizen/ports.ts';
import { optionalIdempotencyKeyOf } from '../../../../shared/lambda/idempotency-key.ts';
import { confirmOldIdNumber } from '../../../../shared/services/confirm-old-id-number.ts';
import { confirmResidence } from '../../../../shared/services/confirm-residence.ts';
import { citizen, memoryDocuments, memoryPopulation } from '../../../support/memory-ports.ts';

const holder = citizen({ pin: '001085000021', oldIdNumber: '012345678' });
const other = citizen({ pin: '001085000022', oldIdNumber: '087654321' });
const now = () => new Date('2026-12-05T03:00:00Z');
const KEY = '3f2b8c1e-5d4a-4e7b-9c0d-1a2b3c4d5e6f';

/** The use cases over in-memory stores; the access log keeps one entry per request ID, as the DynamoDB one does. */
const setup = (wrapLog: (recorder: AccessRecorder) => AccessRecorder = (recorder) => recorder) => {
  const documents = memoryDocuments();
  const log = new InMemoryAccessLog();
  const deps = {
    population: memoryPopulation([holder, other]),
    documents: documents.store,
    accessLog: wrapLog(createAccessRecorder(log, { now })),
    now,
  };
  const entries = (pin: string) => log.chains.get(pin)?.entries ?? [];
  return { residence: confirmResidence(deps), oldId: confirmOldIdNumber(deps), documents, entries };
};
const self = { type: 'citizen', id: holder.pin } as const;
const ministry = { type: 'agency', id: 'ministry-home-affairs' } as const;

describe('a confirmation asked for with an Idempotency-Key', () => {
  it('is returned again, and nothing new is issued or logged, when the same citizen repeats the request', async () => {
    const { residence, documents, entries } = setup();
    const first = await residence(holder.pin, 'req-1', KEY);
    const retry = await residence(holder.pin, 'req-2', KEY);
    expect(first.replayed).toBe(false);
    expect(retry).toEqual({ replayed: true, document: first.document });
    expect(documents.documents.size).toBe(1);
    expect(entries(holder.pin).map((e) => e.requestId)).toEqual(['req-1']);
  });

  it('is issued once for two identical requests at once, both answered with the same document', async () => {
    const { oldId, documents, entries } = setup();
    const [a, b] = await Promise.all([oldId(self, holder.pin, 'req-1', KEY), oldId(self, holder.pin, 'req-2', KEY)]);
    expect(a?.document.number).toBe(b?.document.number);
    expect([a?.replayed, b?.replayed].sort()).toEqual([false, true]);
    expect(documents.documents.size).toBe(1);
    expect(entries(holder.pin)).toHaveLength(1);
  });

  it('is refused with a 422 naming the header, writing nothing, when the key is reused for another request', async () => {
    const { residence, oldId, documents, entries } = setup();
    await oldId(ministry, holder.pin, 'req-1', KEY);
    await residence(holder.pin, 'req-2', KEY);
    const before = { documents: documents.documents.size, holder: entries(holder.pin).length };

    const refusals = [
      oldId(ministry, other.pin, 'req-3', KEY), // another citizen
      oldId(self, holder.pin, 'req-4', KEY), // another kind of confirmation
    ];
    for (const refusal of refusals) {
      await expect(refusal).rejects.toMatchObject({
        httpStatus: 422,
        message: expect.stringMatching(/Idempotency-Key was already used for a different request/),
        problems: [expect.objectContaining({ field: 'header.Idempotency-Key' })],
      });
    }
    expect(documents.documents.size).toBe(before.documents);
    expect(entries(holder.pin)).toHaveLength(before.holder);
    expect(entries(other.pin)).toEqual([]);
  });

  it("refuses a key the citizen's dossier submission already claimed", async () => {
    const { residence, documents } = setup();
    documents.claims.set(`${holder.pin}#${KEY}`, {
      scope: holder.pin,
      key: KEY,
      fingerprint: 'a dossier submission',
      documentNumber: '',
      requestId: '',
    });
    await expect(residence(holder.pin, 'req-1', KEY)).rejects.toMatchObject({ httpStatus: 422 });
    expect(documents.documents.size).toBe(0);
  });

  it("keeps each requester's keys apart: another agency's same key is another request", async () => {
    const { oldId, documents } = setup();
    const a = await oldId(ministry, holder.pin, 'req-1', KEY);
    const b = await oldId({ type: 'agency', id: 'ministry-justice' }, holder.pin, 'req-2', KEY);
    expect(b.replayed).toBe(false);
    expect(b.document.number).not.toBe(a.document.number);
    expect(documents.documents.size).toBe(2);
  });

  it('logs, on the replay, the disclosure a first attempt stored the document for but could not log', async () => {
    let failNext = true;
    const { residence, documents, entries } = setup((recorder) => ({
      recordMany: async (batch) => {
        if (failNext) {
          failNext = false;
          throw new Error('AccessLog unavailable');
        }
        return recorder.recordMany(batch);
      },
    }));
    await expect(residence(holder.pin, 'req-1', KEY)).rejects.toThrow('AccessLog unavailable');
    const retry = await residence(holder.pin, 'req-2', KEY);
    expect(retry.replayed).toBe(true);
    expect(documents.documents.size).toBe(1);
    // Under the request that issued it: a further retry adds nothing.
    await residence(holder.pin, 'req-3', KEY);
    expect(entries(holder.pin).map((e) => e.requestId)).toEqual(['req-1']);
  });
});

describe('a confirmation asked for without an Idempotency-Key', () => {
  it('is issued anew on every request, as before', async () => {
    const { residence, documents, entries } = setup();
    const first = await residence(holder.pin, 'req-1');
    const second = await residence(holder.pin, 'req-2');
    expect(second.document.number).not.toBe(first.document.number);
    expect([first.replayed, second.replayed]).toEqual([false, false]);
    expect(documents.documents.size).toBe(2);
    expect(entries(holder.pin)).toHaveLength(2);
  });
});

describe('the optional Idempotency-Key header', () => {
  it('is absent, a key (or its alias X-Client-Request-Id), or a 400 when malformed', () => {
    expect(optionalIdempotencyKeyOf({ accept: 'application/json' })).toBeUndefined();
    expect(optionalIdempotencyKeyOf(null)).toBeUndefined();
    expect(optionalIdempotencyKeyOf({ 'Idempotency-Key': KEY })).toBe(KEY);
    expect(optionalIdempotencyKeyOf({ 'x-client-request-id': KEY })).toBe(KEY);
    expect(() => optionalIdempotencyKeyOf({ 'idempotency-key': 'short' })).toThrow(/Idempotency-Key header must be/);
    expect(() => optionalIdempotencyKeyOf({ 'idempotency-key': '' })).toThrow(/Idempotency-Key header must be/);
  });
});
