/**
 * The relying parties registered with the e-ID service (oidc-provider client metadata, stored in the Identity
 * table). The citizen portal is first-party: citizens are not asked to consent to it. Agencies use client
 * credentials with purpose-bound scopes (scopes.ts). Other relying parties sign citizens in with the
 * authorization code flow and ask for consent. How confidential clients authenticate (signed assertions or hashed
 * secrets) is given per client: see client-credentials.ts.
 */
import type { JWK } from 'jose';
import type { ClientAuthMethod } from './client-credentials.ts';
import { ACR_LEVEL_2 } from './levels.ts';
import { CITIZEN_SCOPE, OFFICER_SCOPE } from './scopes.ts';

/** Client metadata as oidc-provider reads it (snake_case, RFC 7591), plus `first_party`. */
export interface ClientMetadata {
  readonly client_id: string;
  readonly client_name: string;
  /** A salted hash (client-credentials.ts), never the secret itself. */
  readonly client_secret?: string;
  /** The client's public keys, for `private_key_jwt`. */
  readonly jwks?: { readonly keys: readonly JWK[] };
  readonly token_endpoint_auth_signing_alg?: string;
  readonly application_type?: 'web' | 'native';
  readonly token_endpoint_auth_method: ClientAuthMethod;
  readonly grant_types: readonly string[];
  readonly response_types: readonly string[];
  readonly redirect_uris: readonly string[];
  readonly post_logout_redirect_uris?: readonly string[];
  readonly scope: string;
  readonly default_acr_values?: readonly string[];
  /** Platform-operated: the citizen is not asked to consent to it. */
  readonly first_party: boolean;
}

export const CITIZEN_PORTAL = 'citizen-portal';

/** The longest `client_name`: registrations are checked against it, and tokens and the access log carry it. */
export const MAX_CLIENT_NAME_LENGTH = 200;

export type ConfidentialClientId =
  | 'hospital-bach-mai'
  | 'hospital-cho-ray'
  | 'bank-vcb'
  | 'ministry-health'
  | 'tax-portal';

/** How a confidential client authenticates: a hashed secret, or its registered public keys. */
export type ClientAuthentication =
  | { readonly method: 'client_secret_basic'; readonly secretHash: string }
  | { readonly method: 'private_key_jwt'; readonly jwks: { readonly keys: readonly JWK[] } };

const authenticationMetadata = (authentication: ClientAuthentication) =>
  authentication.method === 'client_secret_basic'
    ? { token_endpoint_auth_method: authentication.method, client_secret: authentication.secretHash }
    : { token_endpoint_auth_method: authentication.method, jwks: authentication.jwks };
/** The registered clients for an issuer; confidential clients authenticate as `credentials` says. */
export const platformClients = (
  issuer: string,
  credentials: Readonly<Record<ConfidentialClientId, ClientAuthentication>>,
): ClientMetadata[] => [
  {
    client_id: CITIZEN_PORTAL,
    client_name: 'Cổng Dịch vụ công quốc gia',
    // Native (RFC 8252): besides the portal's own callback, apps and test clients on this device may use the
    // loopback redirect on any port.
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [`${issuer}/portal/callback`, 'http://127.0.0.1/callback'],
    post_logout_redirect_uris: [`${issuer}/portal/`, 'http://127.0.0.1/signed-out'],
    scope: `openid profile ${CITIZEN_SCOPE} ${OFFICER_SCOPE} offline_access`,
    first_party: true,
  },
  {
    client_id: 'hospital-bach-mai',
    client_name: 'Bệnh viện Bạch Mai',
    ...authenticationMetadata(credentials['hospital-bach-mai']),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'hospital:checkin',
    first_party: false,
  },
  {
    client_id: 'hospital-cho-ray',
    client_name: 'Bệnh viện Chợ Rẫy',
    ...authenticationMetadata(credentials['hospital-cho-ray']),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'hospital:checkin',
    first_party: false,
  },
  {
    client_id: 'bank-vcb',
    client_name: 'Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank)',
    ...authenticationMetadata(credentials['bank-vcb']),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'ekyc:identity',
    first_party: false,
  },
  {
    client_id: 'ministry-health',
    client_name: 'Bộ Y tế',
    ...authenticationMetadata(credentials['ministry-health']),
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: 'npdb:statistics',
    first_party: false,
  },
  {
    client_id: 'tax-portal',
    client_name: 'Cổng thuế điện tử',
    ...authenticationMetadata(credentials['tax-portal']),
    application_type: 'web',
    grant_types: ['authorization_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1:8765/tax/callback'],
    post_logout_redirect_uris: ['http://127.0.0.1:8765/tax/'],
    scope: 'openid profile',
    // Tax registration is a public service: level 2 only.
    default_acr_values: [ACR_LEVEL_2],
    first_party: false,
  },
];
