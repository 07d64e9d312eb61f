/**
 * Registers an agency system (client credentials, purpose-bound scopes) with the e-ID provider: how operators
 * onboard a hospital, bank or ministry, locally and in AWS (`npm run clients:register`).
 * The agency authenticates with `private_key_jwt`: it generates its key pair and hands over only the public JWK
 * set. Where an agency cannot sign yet, a client secret is generated here, shown once, and stored only as a hash.
 */
import { randomBytes } from 'node:crypto';
import { ValidationError } from '../domain/errors.ts';
import * as z from '../validation/zod.ts';
import { assertStorableClient, hashClientSecret, UnsafeClientRegistrationError } from './client-credentials.ts';
import { type ClientMetadata, MAX_CLIENT_NAME_LENGTH } from './clients.ts';
import { AGENCY_SCOPES, isAgencyScope } from './scopes.ts';

/** Stores client registrations (the Identity table's `Client` model, `putClient`). */
export interface ClientRegistry {
  put(metadata: ClientMetadata): Promise<void>;
}

export const RegisterAgencyClientSchema = z.strictObject({
  clientId: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9.-]{2,63}$/, 'Lower-case letters, digits, "." and "-", 3 to 64 characters.')),
  name: z.string().check(z.trim(), z.normalize('NFC'), z.minLength(1), z.maxLength(MAX_CLIENT_NAME_LENGTH)),
  scopes: z.array(z.string()).check(
    z.minLength(1, 'Name at least one purpose.'),
    z.refine((scopes) => scopes.every(isAgencyScope), {
      message: `Purposes are agency scopes: ${Object.keys(AGENCY_SCOPES).join(', ')}.`,
    }),
  ),
  /** The agency's public keys (JWK set); absent means a generated client secret. */
  jwks: z.optional(z.object({ keys: z.array(z.record(z.string(), z.unknown())).check(z.minLength(1)) })),
});
export type RegisterAgencyClientRequest = z.input<typeof RegisterAgencyClientSchema>;

export interface RegisteredAgencyClient {
  readonly metadata: ClientMetadata;
  /** Only when generated: show it to the operator once; it is not stored. */
  readonly secret?: string;
}

/**
 * 1. Validate the request (client ID, name, purposes that exist).
 * 2. With keys: register `private_key_jwt` with the public JWK set (a private member is refused). Without: generate a
 *    256-bit secret and register its salted hash.
 * 3. Store the registration (replacing one with the same ID: re-registering rotates keys or the secret).
 */
export const registerAgencyClient =
  (deps: { readonly registry: ClientRegistry }) =>
  async (request: RegisterAgencyClientRequest): Promise<RegisteredAgencyClient> => {
    const parsed = RegisterAgencyClientSchema.safeParse(request);
    if (!parsed.success) {
      throw new ValidationError(
        'The client registration is not valid.',
        parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message })),
      );
    }
    const { clientId, name, scopes, jwks } = parsed.data;
    const secret = jwks ? undefined : randomBytes(32).toString('base64url');
    const metadata: ClientMetadata = {
      client_id: clientId,
      client_name: name,
      ...(jwks
        ? { token_endpoint_auth_method: 'private_key_jwt', jwks: jwks as ClientMetadata['jwks'] & object }
        : { token_endpoint_auth_method: 'client_secret_basic', client_secret: await hashClientSecret(secret ?? '') }),
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: scopes.join(' '),
      first_party: false,
    };
    try {
      assertStorableClient(metadata);
    } catch (error) {
      if (error instanceof UnsafeClientRegistrationError) {
        throw new ValidationError(error.message, [{ field: 'jwks', message: error.message }]);
      }
      throw error;
    }
    await deps.registry.put(metadata);
    return { metadata, ...(secret ? { secret } : {}) };
  };
