/**
 * A citizen's consent for a relying party (a bank, a telecom) to receive named fields of their NPDB
 * record for a purpose, until it expires or the citizen revokes it. Without an active consent those
 * organisations receive nothing (Law on Identification 2023, art. 10; Decree 69/2024).
 */

import { ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';

export const ConsentSchema = z.object({
  subjectPin: z.string().check(z.regex(/^\d{12}$/)),
  clientId: z.string().check(z.minLength(1), z.maxLength(64)),
  fields: z.array(z.string()).check(z.minLength(1)),
  purpose: z.string().check(z.minLength(1)),
  grantedAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.optional(z.string()),
});
export type Consent = z.infer<typeof ConsentSchema>;

export interface ConsentStore {
  get(subjectPin: string, clientId: string): Promise<Consent | undefined>;
  list(subjectPin: string): Promise<Consent[]>;
  put(consent: Consent): Promise<void>;
}

export const isActive = (consent: Consent | undefined, now: Date): boolean =>
  consent !== undefined && consent.revokedAt === undefined && consent.expiresAt > now.toISOString();

/** Longest consent a citizen can give in one go; they can renew it. */
export const MAX_CONSENT_DAYS = 365;

export interface GrantRequest {
  readonly fields: readonly string[];
  readonly days: number;
}

/**
 * Grants (or replaces) consent for `clientId` to receive `fields` for `days`.
 * Only fields the client's purpose allows can be consented to; anything else is a 400 naming the field.
 */
export const grantConsent =
  (deps: { consents: ConsentStore; now: () => Date }) =>
  async (
    subjectPin: string,
    clientId: string,
    purpose: { purpose: string; allowedFields: readonly string[] },
    request: GrantRequest,
  ) => {
    const unknown = request.fields.filter((f) => !purpose.allowedFields.includes(f));
    if (unknown.length > 0) {
      throw new ValidationError(
        `${clientId} may not receive ${unknown.join(', ')}.`,
        unknown.map((f) => ({
          field: 'body.fields',
          message: `"${f}" is not one of ${purpose.allowedFields.join(', ')}`,
        })),
      );
    }
    const now = deps.now();
    const consent: Consent = {
      subjectPin,
      clientId,
      fields: [...new Set(request.fields)].sort(),
      purpose: purpose.purpose,
      grantedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + request.days * 86_400_000).toISOString(),
    };
    await deps.consents.put(consent);
    return consent;
  };

/** Revokes consent; revoking one that does not exist or is already revoked changes nothing. */
export const revokeConsent =
  (deps: { consents: ConsentStore; now: () => Date }) =>
  async (subjectPin: string, clientId: string): Promise<Consent | undefined> => {
    const consent = await deps.consents.get(subjectPin, clientId);
    if (!consent || consent.revokedAt) return consent;
    const revoked = { ...consent, revokedAt: deps.now().toISOString() };
    await deps.consents.put(revoked);
    return revoked;
  };
