/**
 * Durable state of the local AWS endpoint: a snapshot file plus an append-only journal (JSON lines).
 *
 * - Every change is appended to `aws-endpoint.journal.jsonl` with a synchronous write before the request
 *   that caused it is answered, so a process that stops (even by a crash) loses nothing it acknowledged.
 *   Writes are not fsynced: an operating-system crash may lose the last changes.
 * - Journal entries are idempotent (upserts, deletes, history events keyed by id), so replaying a journal
 *   over a snapshot that already contains some of its entries is harmless.
 * - On start, and every `compactEvery` entries, the whole state is written to
 *   `aws-endpoint.snapshot.json` atomically (temporary file, fsync, rename) and the journal is emptied.
 * - A torn last line (the process died mid-write) is ignored.
 * - `aws-endpoint.lock` holds the owning process ID so two endpoints never share one folder.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** One journal line: a discriminating `t` plus the entry's data. */
export interface JournalEntry {
  readonly t: string;
  readonly [key: string]: unknown;
}

/** Where the services record their changes; a no-op when the endpoint keeps state in memory only. */
export interface ChangeLog {
  append(entry: JournalEntry): void;
}

const SNAPSHOT = 'aws-endpoint.snapshot.json';
const JOURNAL = 'aws-endpoint.journal.jsonl';
const LOCK = 'aws-endpoint.lock';

/** The snapshot-and-journal store of one data folder (or none, for memory only). */
export class JournalStore implements ChangeLog {
  private fd: number | undefined;
  private entriesSinceSnapshot = 0;
  private compactionScheduled = false;
  private snapshotProvider: (() => unknown) | undefined;

  constructor(
    private readonly dir: string | undefined,
    private readonly compactEvery = 20_000,
  ) {}

  /** Takes the folder's lock and reads the last snapshot and the journal written after it. */
  load(): { snapshot: unknown; entries: JournalEntry[] } {
    if (this.dir === undefined) return { snapshot: undefined, entries: [] };
    mkdirSync(this.dir, { recursive: true });
    this.lock(this.dir);
    const snapshotPath = join(this.dir, SNAPSHOT);
    const snapshot: unknown = existsSync(snapshotPath) ? JSON.parse(readFileSync(snapshotPath, 'utf8')) : undefined;
    const journalPath = join(this.dir, JOURNAL);
    const entries: JournalEntry[] = [];
    if (existsSync(journalPath)) {
      for (const line of readFileSync(journalPath, 'utf8').split('\n')) {
        if (line.trim() === '') continue;
        try {
          entries.push(JSON.parse(line) as JournalEntry);
        } catch {
          // A torn write at the end of the journal: the change was never acknowledged.
        }
      }
    }
    return { snapshot, entries };
  }

  /** Starts journaling; `snapshot` gives the whole current state when the journal is compacted. */
  open(snapshot: () => unknown): void {
    if (this.dir === undefined) return;
    this.snapshotProvider = snapshot;
    this.writeSnapshot();
    this.fd = openSync(join(this.dir, JOURNAL), 'a');
  }

  append(entry: JournalEntry): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, `${JSON.stringify(entry)}\n`);
    this.entriesSinceSnapshot += 1;
    if (this.entriesSinceSnapshot >= this.compactEvery && !this.compactionScheduled) {
      this.compactionScheduled = true;
      // After the current operation, so the snapshot never captures half of one.
      setImmediate(() => {
        this.compactionScheduled = false;
        if (this.fd !== undefined) this.writeSnapshot();
      });
    }
  }

  /** Writes a final snapshot, closes the journal and releases the folder. */
  close(): void {
    if (this.dir === undefined) return;
    if (this.fd !== undefined) {
      this.writeSnapshot();
      closeSync(this.fd);
      this.fd = undefined;
    }
    rmSync(join(this.dir, LOCK), { force: true });
  }

  private writeSnapshot(): void {
    if (this.dir === undefined || this.snapshotProvider === undefined) return;
    const path = join(this.dir, SNAPSHOT);
    const temporary = `${path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, JSON.stringify(this.snapshotProvider()));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    if (this.fd !== undefined) ftruncateSync(this.fd, 0);
    else writeFileSync(join(this.dir, JOURNAL), '');
    this.entriesSinceSnapshot = 0;
  }

  private lock(dir: string): void {
    const path = join(dir, LOCK);
    if (existsSync(path)) {
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new Error(
          `The data folder ${dir} is in use by another local AWS endpoint (process ${pid}${pid === process.pid ? ', this one' : ''}); close it first.`,
        );
      }
    }
    writeFileSync(path, String(process.pid));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
