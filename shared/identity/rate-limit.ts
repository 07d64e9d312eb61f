/**
 * Fixed-window rate limits for public e-ID endpoints that cost the platform an SMS or reveal nothing but must not be
 * hammered (registration, password reset). Keys are what the caller typed (a PIN, a phone), counted whether or not
 * they exist, so a refusal says nothing about them.
 */

export interface RateLimit {
  /** Requests allowed per window. */
  readonly limit: number;
  readonly windowSeconds: number;
}

export interface RateLimiter {
  /**
   * Counts one request for `key` in the window holding `now` (epoch ms); `allowed` is false (and nothing counted)
   * once the window's limit is reached, with the seconds until the window ends.
   */
  take(
    key: string,
    rule: RateLimit,
    now: number,
  ): Promise<{ readonly allowed: boolean; readonly retryAfterSeconds: number }>;
}

/** Registration and password-reset starts: per PIN and per phone, 5 an hour. */
export const START_RATE_LIMIT: RateLimit = { limit: 5, windowSeconds: 3600 };
