/**
 * `npm run keys:rotate`: adds a new current signing key to the local e-ID key file; older keys stay in the
 * JWKS until every token they signed has expired. A running local cloud picks the new key up within
 * SIGNING_KEYS_CACHE_SECONDS.
 */
import { resolve } from 'node:path';
import { REPO_ROOT } from './lambda-runtime.ts';
import { rotateLocalSigningKeys } from './signing-keys.ts';

const path = resolve(process.env.DATA_DIR ?? resolve(REPO_ROOT, '.data'), 'keys', 'signing-keys.json');
const set = await rotateLocalSigningKeys(path);
console.log(
  `Rotated ${path}: ${set.keys.map((k) => `${k.kid}${k.retiredAt ? ` (retired ${k.retiredAt})` : ' (current)'}`).join(', ')}`,
);
