#!/usr/bin/env node
// Verifies a proof from GET /v1/me/access-log/{entryId}/proof with nothing but Node.js (no dependencies).
// Usage: node verify-access-log-proof.mjs proof.json [trusted-public-key.pem]
// Without a trusted key it uses the key inside the proof and says so: trust comes from comparing the key's
// fingerprint with the one the platform publishes (docs/audit-anchoring.md).
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';

const sha256 = (...parts) => {
  const h = createHash('sha256');
  for (const part of parts) h.update(part);
  return h.digest();
};

// Canonical JSON of an access-log entry: keys sorted by UTF-16 code units, strings NFC, undefined left out.
const canonical = (v) => {
  if (v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v.normalize('NFC'));
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : canonical(x))).join(',')}]`;
  const keys = Object.keys(v)
    .filter((k) => v[k] !== undefined)
    .map((k) => [k.normalize('NFC'), v[k]])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
};
const entryHash = ({ hash: _hash, ...content }) =>
  sha256(Buffer.from(`p06-access-log/v1\n${canonical(content)}`, 'utf8')).toString('hex');

// RFC 6962 / RFC 9162 §2.1.3.2: the root an audit path leads to.
const node = (l, r) => sha256(Buffer.from([1]), l, r);
const rootFromPath = (index, size, leaf, path) => {
  if (index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else r = node(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
};

/** Returns the list of failed checks (empty: the proof holds). */
export const verifyProof = (proof, trustedPublicKeyPem) => {
  const failures = [];
  const check = (ok, what) => ok || failures.push(what);
  // 1. The hash chain from the entry to the anchored head.
  const { links, entry, anchoredHead: head, leaf, anchor } = proof;
  check(links.length > 0 && links[0].seq === entry.seq && links[0].hash === entry.hash, 'the links start at the entry');
  links.forEach((link, i) => {
    check(entryHash(link) === link.hash, `entry ${link.seq} hashes to its stored hash`);
    if (i > 0)
      check(
        link.seq === links[i - 1].seq + 1 && link.previousHash === links[i - 1].hash,
        `entry ${link.seq} follows entry ${links[i - 1].seq}`,
      );
  });
  const last = links.at(-1);
  check(
    last?.seq === head.seq && last?.hash === head.hash && last?.subjectPin === head.pin,
    'the links end at the anchored head',
  );
  // 2. The anchored head is a leaf of the signed tree.
  const statement = JSON.parse(anchor.statement);
  check(leaf.data === `${head.pin}:${head.seq}:${head.hash}`, 'the leaf is the anchored head');
  const root = rootFromPath(
    leaf.index,
    statement.treeSize,
    sha256(Buffer.from([0]), Buffer.from(leaf.data, 'ascii')),
    proof.inclusionPath.map((hex) => Buffer.from(hex, 'hex')),
  );
  check(root?.toString('hex') === statement.rootHash, 'the audit path leads to the signed root');
  // 3. The statement is signed by the anchor key.
  const pem = trustedPublicKeyPem ?? anchor.publicKey;
  const fingerprint = sha256(createPublicKey(pem).export({ type: 'spki', format: 'der' })).toString('hex');
  check(fingerprint === statement.publicKeySha256, 'the statement names this public key');
  check(
    verify('sha256', Buffer.from(anchor.statement, 'utf8'), pem, Buffer.from(anchor.signature, 'base64')),
    'the signature is valid',
  );
  return failures;
};

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').at(-1))) {
  const [proofFile, keyFile] = process.argv.slice(2);
  if (!proofFile) {
    console.error('Usage: node verify-access-log-proof.mjs proof.json [trusted-public-key.pem]');
    process.exit(2);
  }
  const proof = JSON.parse(readFileSync(proofFile, 'utf8'));
  const failures = verifyProof(proof, keyFile ? readFileSync(keyFile, 'utf8') : undefined);
  if (!keyFile) console.log(`Key fingerprint ${proof.anchor.publicKeySha256}: compare it with the published one.`);
  for (const failure of failures) console.log(`FAILED: ${failure}`);
  console.log(
    failures.length === 0
      ? `Entry ${proof.entry.seq} is in anchor ${proof.anchor.anchorId} (${proof.anchor.anchoredAt}).`
      : 'The proof does NOT hold.',
  );
  process.exit(failures.length === 0 ? 0 : 1);
}
