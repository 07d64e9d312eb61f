/**
 * The one import of zod in this code base: zod's mini API with its English messages.
 *
 * Why mini: the classic API hangs every method (`.min()`, `.optional()`...) on every schema, so a bundle carries
 * all of zod (about 100 KB minified) whatever it uses. Mini's functions (`z.optional(s)`,
 * `s.check(z.minLength(1))`) are tree-shaken, which takes about 55 KB off each Lambda bundle. Schemas, `parse`,
 * `safeParse`, the issues and their messages are the same as classic's (both are built on `zod/v4/core`).
 *
 * Mini loads no locale, so its messages would read "Invalid input"; the English one is set here, once, for every
 * bundle and test that validates (the messages are shown to callers in 400 responses).
 */
import { config, type core } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';

/**
 * Reports a problem from inside `z.transform((value, payload) => ...)`: mini's transform gets the bare parse payload,
 * which has no `addIssue`, so the issue is recorded as classic's `ctx.addIssue({ code: 'custom', message })` did.
 */
export const transformIssue = (payload: core.ParsePayload, message: string): void => {
  payload.issues.push({ code: 'custom', message, input: payload.value });
};
