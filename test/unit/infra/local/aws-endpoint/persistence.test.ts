import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalStore } from '../../../../../infra/local/aws-endpoint/persistence.ts';

const folders: string[] = [];
const folder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-store-'));
  folders.push(dir);
  return dir;
};

afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the journal store of the local AWS endpoint', () => {
  it('gives back the snapshot and the entries journaled after it', () => {
    const dir = folder();
    const store = new JournalStore(dir);
    expect(store.load()).toEqual({ snapshot: undefined, entries: [] });
    store.open(() => ({ state: 'at open' }));
    store.append({ t: 'a', n: 1 });
    store.append({ t: 'b', n: 2 });
    const reopened = new JournalStore(dir);
    // The first store still holds the lock: a crash leaves it behind, a live process keeps it.
    expect(() => reopened.load()).toThrow(/in use/);
    rmSync(join(dir, 'aws-endpoint.lock'));
    expect(reopened.load()).toEqual({
      snapshot: { state: 'at open' },
      entries: [
        { t: 'a', n: 1 },
        { t: 'b', n: 2 },
      ],
    });
  });

  it('ignores a torn last line left by a crash mid-write', () => {
    const dir = folder();
    const store = new JournalStore(dir);
    store.load();
    store.open(() => ({}));
    store.append({ t: 'kept' });
    appendFileSync(join(dir, 'aws-endpoint.journal.jsonl'), '{"t":"torn","va');
    rmSync(join(dir, 'aws-endpoint.lock'));
    const reopened = new JournalStore(dir);
    expect(reopened.load().entries).toEqual([{ t: 'kept' }]);
    store.close();
    reopened.close();
  });

  it('writes a final snapshot, empties the journal and releases the folder on close', () => {
    const dir = folder();
    const store = new JournalStore(dir);
    store.load();
    let state = 1;
    store.open(() => ({ state }));
    store.append({ t: 'change' });
    state = 2;
    store.close();
    expect(readFileSync(join(dir, 'aws-endpoint.journal.jsonl'), 'utf8')).toBe('');
    expect(new JournalStore(dir).load()).toEqual({ snapshot: { state: 2 }, entries: [] });
  });

  it('compacts the journal into a snapshot after the configured number of entries', async () => {
    const dir = folder();
    const store = new JournalStore(dir, 3);
    store.load();
    let count = 0;
    store.open(() => ({ count }));
    for (let i = 0; i < 3; i++) {
      count += 1;
      store.append({ t: 'tick' });
    }
    await new Promise((resolve) => setImmediate(resolve));
    expect(readFileSync(join(dir, 'aws-endpoint.journal.jsonl'), 'utf8')).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'aws-endpoint.snapshot.json'), 'utf8'))).toEqual({ count: 3 });
    store.close();
  });

  it('keeps nothing on disk without a data folder', () => {
    const store = new JournalStore(undefined);
    expect(store.load()).toEqual({ snapshot: undefined, entries: [] });
    store.open(() => ({}));
    store.append({ t: 'ignored' });
    store.close();
  });
});
