/** Lifetimes of what the e-ID provider issues, in seconds: one place, read by the provider and the key rotation. */
export const TOKEN_LIFETIMES = {
  /** JWT access tokens for the API (citizens and agencies alike). */
  accessToken: 10 * 60,
  idToken: 10 * 60,
  /** Refresh tokens rotate on every use; a chain ends with the session. */
  refreshToken: 8 * 60 * 60,
  authorizationCode: 60,
  /** Time to finish the sign-in pages (password, code, consent). */
  interaction: 15 * 60,
  session: 8 * 60 * 60,
  /** What a citizen allowed a client in a session: refresh tokens cannot outlive it. */
  grant: 8 * 60 * 60,
} as const;

/** Clock skew the provider and the API tolerate when checking token times. */
export const CLOCK_TOLERANCE_SECONDS = 60;

/**
 * How long a retired signing key must stay published: until every token it signed has expired. Refresh tokens are
 * opaque (stored, not signed), so only the JWT lifetimes count.
 */
export const SIGNED_TOKEN_MAX_LIFETIME_SECONDS =
  Math.max(TOKEN_LIFETIMES.accessToken, TOKEN_LIFETIMES.idToken) + CLOCK_TOLERANCE_SECONDS;
