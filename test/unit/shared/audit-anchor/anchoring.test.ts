import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyProof } from '../../../../docs/examples/verify-access-log-proof.mjs';
import type { AccessEntry, StoredAccessEntry } from '../../../../shared/access-log/access-entry.ts';
import { hashOf } from '../../../../shared/access-log/hash-chain.ts';
import { InMemoryAccessLog } from '../../../../shared/access-log/in-memory-access-log.ts';
import { verifyAllChains } from '../../../../shared/access-log/verify-all-chains.ts';
import { AnchorFolder } from '../../../../shared/adapters/files/anchor-folder.ts';
import { ensureAnchorKeyFile, KeyFileSigner } from '../../../../shared/adapters/files/key-file-signer.ts';
import { anchorObjectNames, CHUNK_LEAVES } from '../../../../shared/audit-anchor/anchor-format.ts';
import { createAnchor } from '../../../../shared/audit-anchor/create-anchor.ts';
import { proveAccessLogEntry } from '../../../../shared/audit-anchor/entry-proof.ts';
import { AnchorObjectExistsError } from '../../../../shared/audit-anchor/ports.ts';
import {
  AnchorIntegrityError,
  latestAnchor,
  readAnchoredHeads,
  signatureValid,
} from '../../../../shared/audit-anchor/read-anchor.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../../shared/domain/errors.ts';

const pinOf = (n: number) => `001${String(n).padStart(9, '0')}`;
const read = (subjectPin: string, n: number): AccessEntry => ({
  subjectPin,
  accessor: { type: 'agency', id: 'hospital-bach-mai', name: 'Bệnh viện Bạch Mai' },
  fields: ['fullName'],
  purpose: 'hospital-check-in',
  legalBasis: 'Law on Identification 2023 art. 10',
  outcome: 'granted',
  at: new Date(Date.UTC(2026, 2, 1, 0, 0, n)).toISOString(),
  requestId: `req-${n}`,
});

/** A head source over the in-memory log (what the DynamoDB head scan returns). */
const headsOf = (log: InMemoryAccessLog) => ({
  allHeads: async () =>
    [...log.chains].flatMap(([pin, chain]) =>
      chain.head ? [{ pin, seq: chain.head.seq, hash: chain.head.hash }] : [],
    ),
});

let dir: string;
let log: InMemoryAccessLog;
let folder: AnchorFolder;
let signer: KeyFileSigner;
let clockMs: number;
const clock = { now: () => new Date(clockMs) };
const anchorNow = () => createAnchor({ heads: headsOf(log), signer, store: folder, clock })();
const baseline = async () => {
  const anchor = await latestAnchor(folder);
  if (!anchor) throw new Error('no anchor');
  const heads = await readAnchoredHeads(folder, anchor);
  return { anchorId: anchor.statement.anchorId, anchoredAt: anchor.statement.anchoredAt, heads };
};

/** Rewrites a citizen's whole chain consistently (every hash and the head recomputed), as an attacker would. */
const rewriteWholeChain = (pin: string, change: (entry: StoredAccessEntry) => StoredAccessEntry) => {
  const chain = log.chains.get(pin);
  if (!chain) throw new Error('no chain');
  let previousHash = '0'.repeat(64);
  chain.entries = chain.entries.map((entry) => {
    const { hash: _h, ...content } = { ...change(entry), previousHash };
    const hash = hashOf(content);
    previousHash = hash;
    return { ...content, hash } as StoredAccessEntry;
  });
  const last = chain.entries.at(-1) as StoredAccessEntry;
  chain.head = { seq: last.seq, hash: last.hash };
};

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'p06-anchor-'));
  log = new InMemoryAccessLog();
  folder = new AnchorFolder(join(dir, 'anchors'));
  signer = await KeyFileSigner.fromFile(await ensureAnchorKeyFile(join(dir, 'anchor-key.pem')));
  clockMs = Date.UTC(2026, 11, 5, 2, 0, 0);
  for (let c = 1; c <= 5; c++) for (let n = 1; n <= c; n++) await log.append(read(pinOf(c), n));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('createAnchor', () => {
  it('signs a statement over the sorted heads that the local key verifies, and writes each file once', async () => {
    const { statement, skipped } = await anchorNow();
    expect(statement.treeSize).toBe(5);
    expect(skipped).toEqual([]);
    expect(statement.keyId).toBe(signer.keyId);
    const anchor = await latestAnchor(folder);
    expect(anchor?.statement).toEqual(statement);
    expect(signatureValid(anchor as NonNullable<typeof anchor>, await signer.publicKeyPem())).toBe(true);
    const heads = await readAnchoredHeads(folder, anchor as NonNullable<typeof anchor>);
    expect([...heads.keys()]).toEqual([1, 2, 3, 4, 5].map(pinOf));
    expect(heads.get(pinOf(3))).toEqual({ pin: pinOf(3), ...log.chains.get(pinOf(3))?.head });
    // Append-only: the same name cannot be written again.
    await expect(
      folder.putNew(anchorObjectNames(statement.anchorId).statement, new Uint8Array([1])),
    ).rejects.toBeInstanceOf(AnchorObjectExistsError);
  });

  it('anchors an empty log with the RFC 6962 empty root, and skips malformed heads instead of failing', async () => {
    log = new InMemoryAccessLog();
    const empty = await anchorNow();
    expect(empty.statement.treeSize).toBe(0);
    expect(empty.statement.rootHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    const broken = {
      allHeads: async () => [
        { pin: pinOf(1), seq: 1, hash: 'a'.repeat(64) },
        { pin: 'x:1', seq: 1, hash: 'a'.repeat(64) },
        { pin: pinOf(2), seq: 0, hash: 'a'.repeat(64) },
      ],
    };
    clockMs += 1000;
    const result = await createAnchor({ heads: broken, signer, store: folder, clock })();
    expect(result.statement.treeSize).toBe(1);
    expect(result.skipped.map((head) => head.pin)).toEqual(['x:1', pinOf(2)]);
  });

  it('keeps aligned chunks of 4096 heads whose roots lead to the signed root', async () => {
    const many = Array.from({ length: CHUNK_LEAVES + 5 }, (_, i) => ({
      pin: pinOf(10_000 + i),
      seq: 1 + (i % 7),
      hash: (i % 16).toString(16).repeat(64),
    }));
    const { statement } = await createAnchor({
      heads: { allHeads: async () => [...many].reverse() },
      signer,
      store: folder,
      clock,
    })();
    const anchor = await latestAnchor(folder);
    expect(anchor?.index.chunks.map((chunk) => chunk.size)).toEqual([CHUNK_LEAVES, 5]);
    const heads = await readAnchoredHeads(folder, anchor as NonNullable<typeof anchor>);
    expect(heads.size).toBe(statement.treeSize);
  });
});

describe('reading an anchor', () => {
  it('rejects a signature by another key and a statement changed after signing', async () => {
    await anchorNow();
    const anchor = (await latestAnchor(folder)) as NonNullable<Awaited<ReturnType<typeof latestAnchor>>>;
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(signatureValid(anchor, other as string)).toBe(false);
    const changed = { ...anchor, statementText: anchor.statementText.replace(/"treeSize": 5/, '"treeSize": 4') };
    expect(changed.statementText).not.toBe(anchor.statementText);
    expect(signatureValid(changed, await signer.publicKeyPem())).toBe(false);
  });

  it('refuses a chunk changed on disk (its root no longer matches the index and the signed root)', async () => {
    const { statement } = await anchorNow();
    const chunk = join(dir, 'anchors', anchorObjectNames(statement.anchorId).chunk(0));
    chmodSync(chunk, 0o644);
    writeFileSync(chunk, readFileSync(chunk, 'utf8').replace(`${pinOf(2)}:2:`, `${pinOf(2)}:1:`));
    const anchor = (await latestAnchor(folder)) as NonNullable<Awaited<ReturnType<typeof latestAnchor>>>;
    await expect(readAnchoredHeads(folder, anchor)).rejects.toBeInstanceOf(AnchorIntegrityError);
  });

  it('takes the newest complete anchor and ignores one whose statement was never written', async () => {
    const first = await anchorNow();
    await folder.putNew('anchors/29991231T000000.000Z-00000000/index.json', new TextEncoder().encode('{}'));
    expect((await latestAnchor(folder))?.statement.anchorId).toBe(first.statement.anchorId);
    clockMs += 86_400_000;
    const second = await anchorNow();
    expect((await latestAnchor(folder))?.statement.anchorId).toBe(second.statement.anchorId);
  });
});

describe('verifying chains against the anchor', () => {
  it('passes chains that grew after the anchor', async () => {
    await anchorNow();
    await log.append(read(pinOf(2), 3));
    const report = await verifyAllChains(log, { anchor: await baseline() });
    expect(report.problems).toEqual([]);
    expect(report.anchoredChecked).toBe(5);
  });

  it('names a whole chain rewritten consistently, which the hash chain alone cannot see', async () => {
    await anchorNow();
    rewriteWholeChain(pinOf(4), (entry) => (entry.seq === 2 ? { ...entry, purpose: 'ekyc' } : entry));
    expect((await verifyAllChains(log)).problems).toEqual([]);
    const { problems } = await verifyAllChains(log, { anchor: await baseline() });
    expect(problems).toEqual([
      expect.objectContaining({
        subjectPin: pinOf(4),
        kind: 'anchor-mismatch',
        seq: 4,
        message: expect.stringContaining('entries 1–4 differ from the anchor of 2026-12-05T02:00:00.000Z'),
      }),
    ]);
  });

  it('names a deleted chain, and a chain cut back below its anchored head', async () => {
    await anchorNow();
    log.chains.delete(pinOf(3));
    const chain5 = log.chains.get(pinOf(5));
    if (!chain5) throw new Error('no chain');
    chain5.entries = chain5.entries.slice(0, 2);
    chain5.head = { seq: 2, hash: chain5.entries[1]?.hash as string };
    const { problems } = await verifyAllChains(log, { anchor: await baseline() });
    expect(problems.map((p) => [p.subjectPin, p.kind, p.message])).toEqual([
      [pinOf(5), 'anchor-missing', expect.stringContaining('entry 5, the newest when the anchor of')],
      [pinOf(3), 'anchor-missing', expect.stringContaining('the whole chain is gone')],
    ]);
    const one = await verifyAllChains(log, { anchor: await baseline(), citizen: pinOf(3) });
    expect(one.problems.map((p) => p.kind)).toEqual(['anchor-missing']);
  });
});

describe('proveAccessLogEntry', () => {
  const prove = () => proveAccessLogEntry({ chains: log, anchors: folder });

  it('gives a proof that the stand-alone verifier accepts, by sequence number or hash', async () => {
    await anchorNow();
    await log.append(read(pinOf(4), 5));
    const proof = await prove()(pinOf(4), '2');
    expect(proof.links.map((link) => link.seq)).toEqual([2, 3, 4]);
    expect(proof.anchoredHead.seq).toBe(4);
    expect(verifyProof(proof, await signer.publicKeyPem())).toEqual([]);
    const byHash = await prove()(pinOf(4), proof.entry.hash);
    expect(byHash.entry).toEqual(proof.entry);
  });

  it('is rejected by the verifier when any part was changed', async () => {
    await anchorNow();
    const proof = JSON.parse(JSON.stringify(await prove()(pinOf(5), '1')));
    const key = await signer.publicKeyPem();
    const tampered = (change: (p: typeof proof) => void) => {
      const copy = JSON.parse(JSON.stringify(proof));
      change(copy);
      return verifyProof(copy, key);
    };
    expect(tampered((p) => (p.links[1].purpose = 'ekyc'))).toContain('entry 2 hashes to its stored hash');
    expect(tampered((p) => (p.inclusionPath[0] = 'f'.repeat(64)))).toContain('the audit path leads to the signed root');
    expect(tampered((p) => (p.leaf.index = 0))).toContain('the audit path leads to the signed root');
    expect(
      tampered((p) => (p.anchor.statement = p.anchor.statement.replace('"treeSize": 5', '"treeSize": 6'))),
    ).toContain('the signature is valid');
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(verifyProof(proof, other as string)).toContain('the statement names this public key');
  });

  it("answers 404 for an entry not in the citizen's log (another citizen's hash), 400 for a bad ID, 409 before anchoring", async () => {
    await expect(prove()(pinOf(2), '1')).rejects.toBeInstanceOf(ConflictError);
    await anchorNow();
    const othersHash = log.chains.get(pinOf(5))?.entries[0]?.hash as string;
    await expect(prove()(pinOf(2), othersHash)).rejects.toBeInstanceOf(NotFoundError);
    await expect(prove()(pinOf(2), '3')).rejects.toBeInstanceOf(NotFoundError);
    const bad = await prove()(pinOf(2), '0x12').catch((error: ValidationError) => error);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).problems[0]?.field).toBe('entryId');
    await log.append(read(pinOf(2), 3));
    await expect(prove()(pinOf(2), '3')).rejects.toThrow(/newer than the latest anchor/);
  });
});
