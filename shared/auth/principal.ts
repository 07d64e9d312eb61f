/**
 * Who is calling, as established by the API's token authorizer from a verified e-ID access token. The
 * authorizer passes it to handlers in `requestContext.authorizer` (flat strings, as API Gateway requires);
 * handlers parse it back with `PrincipalSchema` and decide what the caller may do with the rules below.
 */
import { DomainError } from '../domain/errors.ts';
import { type OfficerRole, OfficerRoleSchema } from '../identity/account.ts';
import { CITIZEN_SCOPE, OFFICER_SCOPE } from '../identity/scopes.ts';
import * as z from '../validation/zod.ts';

export const LOA_1 = 'urn:vn:p06:loa:1';
export const LOA_2 = 'urn:vn:p06:loa:2';

/** The officer roles carried in tokens are the e-ID account's roles (one schema for both). */
export { type OfficerRole, OfficerRoleSchema };

export const PrincipalSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('citizen'),
    pin: z.string().check(z.regex(/^\d{12}$/)),
    level: z.union([z.literal(1), z.literal(2)]),
    clientId: z.string(),
    scopes: z.array(z.string()),
    officerRoles: z.array(OfficerRoleSchema),
    /** The authority an oversight inspector acts for; absent for everyone else. */
    inspector: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    /** The e-ID grant (sign-in) of the token, to tell the caller's own session apart; absent in older tokens. */
    grantId: z.optional(z.string().check(z.minLength(1), z.maxLength(100))),
  }),
  z.object({
    kind: z.literal('agency'),
    clientId: z.string(),
    /**
     * The agency's registered display name (the client's `client_name`), carried in its token so that a read can be
     * logged under it without reading the client registry; absent in tokens issued before it was added.
     */
    clientName: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
    scopes: z.array(z.string()),
  }),
]);
export type Principal = z.infer<typeof PrincipalSchema>;
export type CitizenPrincipal = Extract<Principal, { kind: 'citizen' }>;
export type AgencyPrincipal = Extract<Principal, { kind: 'agency' }>;

/** The authorizer context API Gateway carries: string values only. */
export type AuthorizerContext = Record<string, string>;

export const toAuthorizerContext = (principal: Principal): AuthorizerContext => ({
  principal: JSON.stringify(principal),
});

/** Reads the principal back; a missing or malformed context means the route was not protected: refuse. */
export const principalFromContext = (context: Record<string, unknown> | null | undefined): Principal | undefined => {
  const raw = context?.principal;
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = PrincipalSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(message, 403);
  }
}

/**
 * The token is valid but was not issued for what the route does (RFC 6750 §3.1): 403, and the HTTP layer answers
 * `WWW-Authenticate: Bearer error="insufficient_scope", scope="<scope>"` so the client knows which scope to ask for.
 * A sign-in grants only the scopes its client asked for: a token from `scope=openid profile` reads nobody's record.
 */
export class InsufficientScopeError extends ForbiddenError {
  constructor(
    /** The scope that would do (the first of those the route accepts). */
    readonly scope: string,
    message: string,
  ) {
    super(message);
  }
}

/** The token must carry one of `scopes`. */
export const requireScope = (principal: Principal, scopes: readonly [string, ...string[]]): void => {
  if (scopes.some((scope) => principal.scopes.includes(scope))) return;
  throw new InsufficientScopeError(
    scopes[0],
    `This access token was not issued for this service: sign in again asking for the "${scopes.join('" or "')}" scope.`,
  );
};

/**
 * The caller must be a citizen signed in at `level` or above (online public services need level 2), with a token
 * for the citizen's own services (the `citizen` scope, or one of `scopes` where a route accepts others).
 */
export const requireCitizen = (
  principal: Principal | undefined,
  level: 1 | 2 = 1,
  scopes: readonly [string, ...string[]] = [CITIZEN_SCOPE],
): CitizenPrincipal => {
  if (principal?.kind !== 'citizen') {
    throw new ForbiddenError('This service is for citizens signed in with their e-ID account.');
  }
  requireScope(principal, scopes);
  if (principal.level < level) {
    throw new ForbiddenError(
      `This service needs a level-${level} e-ID account (activated in person at the commune police). Your account is level ${principal.level}.`,
    );
  }
  return principal;
};

/** The caller must be an agency system holding `scope` (a purpose-bound permission under Circular 46). */
export const requireAgencyScope = (principal: Principal | undefined, scope: string): AgencyPrincipal => {
  if (principal?.kind !== 'agency') {
    throw new ForbiddenError(
      'This service is for agency systems (hospitals, banks, ministries) with a client credential.',
    );
  }
  if (!principal.scopes.includes(scope)) {
    throw new ForbiddenError(`Your client ${principal.clientId} is not permitted the purpose "${scope}".`);
  }
  return principal;
};

/**
 * The caller must be an oversight inspector signed in at level 2 with the `officer` scope (the `inspector` claim, see
 * account.ts; the provider adds it only with that scope).
 */
export const requireInspector = (
  principal: Principal | undefined,
): CitizenPrincipal & { readonly inspector: string } => {
  if (principal?.kind !== 'citizen' || principal.inspector === undefined) {
    throw new ForbiddenError(
      'Oversight of the access log is for inspectors of the personal-data protection authority.',
    );
  }
  requireScope(principal, [OFFICER_SCOPE]);
  if (principal.level < 2) throw new ForbiddenError('Inspectors act with a level-2 e-ID account.');
  return principal as CitizenPrincipal & { readonly inspector: string };
};
