import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  InsufficientScopeError,
  requireAgencyScope,
  requireCitizen,
  requireInspector,
} from '../../../../shared/auth/principal.ts';
import { API_AUDIENCE, createTokenVerifier, InvalidTokenError } from '../../../../shared/auth/verify-access-token.ts';

const issuer = 'http://localhost:3000';
let publicJwk: JWK;
let sign: (
  claims: Record<string, unknown>,
  options?: { exp?: string | number; aud?: string; iss?: string },
) => Promise<string>;
let verify: ReturnType<typeof createTokenVerifier>;

beforeAll(async () => {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  publicJwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' };
  sign = (claims, options = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(options.aud ?? API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '10m')
      .sign(privateKey);
  verify = createTokenVerifier({
    issuer,
    jwks: async () => ({ keys: [publicJwk] }),
  });
});

describe('createTokenVerifier', () => {
  it('turns a level-2 citizen token into a citizen principal', async () => {
    const token = await sign({
      sub: '001203000001',
      client_id: 'citizen-portal',
      scope: 'citizen',
      acr: 'urn:vn:p06:loa:2',
    });
    expect(await verify(token)).toEqual({
      kind: 'citizen',
      pin: '001203000001',
      level: 2,
      clientId: 'citizen-portal',
      scopes: ['citizen'],
      officerRoles: [],
    });
  });

  it('turns a client-credentials token into an agency principal', async () => {
    const token = await sign({ sub: 'hospital-bach-mai', client_id: 'hospital-bach-mai', scope: 'hospital:checkin' });
    expect(await verify(token)).toEqual({
      kind: 'agency',
      clientId: 'hospital-bach-mai',
      scopes: ['hospital:checkin'],
    });
  });

  it("carries the agency's registered name from a client-credentials token into the principal", async () => {
    const token = await sign({
      sub: 'hospital-bach-mai',
      client_id: 'hospital-bach-mai',
      scope: 'hospital:checkin',
      client_name: 'Bệnh viện Bạch Mai',
    });
    expect(await verify(token)).toEqual({
      kind: 'agency',
      clientId: 'hospital-bach-mai',
      clientName: 'Bệnh viện Bạch Mai',
      scopes: ['hospital:checkin'],
    });
  });

  it('refuses a client-credentials token whose name is empty or longer than a registration allows', async () => {
    for (const client_name of ['', 'x'.repeat(201)]) {
      const token = await sign({ sub: 'hospital-bach-mai', client_id: 'hospital-bach-mai', client_name });
      await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
    }
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 60 }],
    ['for another audience', { aud: 'urn:other' }],
    ['from another issuer', { iss: 'https://evil.example' }],
  ])('refuses a token %s', async (_, options) => {
    const token = await sign({ sub: '001203000001', client_id: 'citizen-portal', acr: 'urn:vn:p06:loa:2' }, options);
    await expect(verify(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses a user token that names no PIN or carries no acr', async () => {
    await expect(
      verify(await sign({ sub: 'someone', client_id: 'citizen-portal', acr: 'urn:vn:p06:loa:1' })),
    ).rejects.toThrow(InvalidTokenError);
    await expect(verify(await sign({ sub: '001203000001', client_id: 'citizen-portal' }))).rejects.toThrow(
      InvalidTokenError,
    );
  });

  it('refuses a forged signature and an unsigned token', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ sub: 'x', client_id: 'x' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(API_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    await expect(verify(forged)).rejects.toThrow(InvalidTokenError);
    await expect(verify('eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).rejects.toThrow(InvalidTokenError);
  });
});

describe('requireCitizen and requireAgencyScope', () => {
  const citizen = {
    kind: 'citizen' as const,
    pin: '001203000001',
    level: 1 as const,
    clientId: 'p',
    scopes: ['citizen'],
    officerRoles: [],
  };
  const agency = { kind: 'agency' as const, clientId: 'bank-vcb', scopes: ['ekyc:identity'] };

  it('lets a level-1 citizen use level-1 services but not level-2 ones', () => {
    expect(requireCitizen(citizen, 1)).toBe(citizen);
    expect(() => requireCitizen(citizen, 2)).toThrow(/level-2/);
  });

  it('refuses a citizen token without the scope the route needs, naming the scope (RFC 6750 insufficient_scope)', () => {
    for (const scopes of [[], ['officer'], ['openid', 'profile']]) {
      const token = { ...citizen, scopes };
      expect(() => requireCitizen(token)).toThrow(InsufficientScopeError);
      expect(() => requireCitizen(token)).toThrow(expect.objectContaining({ scope: 'citizen', httpStatus: 403 }));
    }
    // A route that also serves officers (a dossier read) takes either scope.
    const officerOnly = { ...citizen, scopes: ['officer'] };
    expect(requireCitizen(officerOnly, 1, ['citizen', 'officer'])).toBe(officerOnly);
  });

  it('refuses an inspector token without the officer scope', () => {
    const inspector = { ...citizen, level: 2 as const, inspector: 'A05' };
    expect(requireInspector({ ...inspector, scopes: ['citizen', 'officer'] })).toMatchObject({ inspector: 'A05' });
    expect(() => requireInspector(inspector)).toThrow(expect.objectContaining({ scope: 'officer' }));
  });

  it('keeps agencies out of citizen services and citizens out of agency services', () => {
    expect(() => requireCitizen(agency)).toThrow(/citizens/);
    expect(() => requireAgencyScope(citizen, 'ekyc:identity')).toThrow(/agency systems/);
    expect(() => requireAgencyScope(undefined, 'ekyc:identity')).toThrow();
  });

  it('allows only the scopes a client holds', () => {
    expect(requireAgencyScope(agency, 'ekyc:identity')).toBe(agency);
    expect(() => requireAgencyScope(agency, 'hospital:checkin')).toThrow(/not permitted/);
  });
});
