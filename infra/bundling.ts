/**
 * How every Lambda function is bundled: one set of esbuild options shared by the CDK construct
 * (NodejsFunction `bundling`) and the bundle-size benchmark, so the benchmark measures what ships.
 */
import type { BuildOptions } from 'esbuild';

export const LAMBDA_TARGET = 'node24';

/** esbuild's output charset; CDK's `bundling.charset` is set to the same (`Charset.UTF8`). */
export const LAMBDA_CHARSET = 'utf8';

/**
 * Lets CommonJS dependencies call `require` inside an ESM bundle. The alias keeps the banner's import from
 * colliding with a `createRequire` the bundle may declare itself.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __p06CreateRequire } from 'node:module'; const require = __p06CreateRequire(import.meta.url);";

/**
 * Packages replaced in Lambda bundles: the SDK's default credential chain by its environment source alone
 * (shared/adapters/lambda-credentials.ts explains why), relative to the project root where esbuild runs.
 */
export const LAMBDA_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': './shared/adapters/lambda-credentials.ts',
};

export const LAMBDA_ESBUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: LAMBDA_TARGET,
  minify: true,
  /** The AWS SDK v3 is bundled (tree-shaken) rather than taken from the runtime, so versions are pinned. */
  external: [],
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  legalComments: 'none',
  /**
   * Non-ASCII text (the Vietnamese names in the commune tables, forms and notices) as UTF-8 rather than `\uXXXX`
   * escapes, which take up to three times the bytes; Node reads `.mjs` files as UTF-8.
   */
  charset: LAMBDA_CHARSET,
  alias: { ...LAMBDA_ALIASES },
};
