import { describe, expect, it } from 'vitest';
import { publicJwk, verifyClientSecret } from '../../../../shared/identity/client-credentials.ts';
import type { ClientMetadata } from '../../../../shared/identity/clients.ts';
import { registerAgencyClient } from '../../../../shared/identity/register-agency-client.ts';

const EC_PRIVATE = { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'BBBB', d: 'CCCC', kid: 'k1' };

const setup = () => {
  const stored: ClientMetadata[] = [];
  return { stored, register: registerAgencyClient({ registry: { put: async (m) => void stored.push(m) } }) };
};

describe('registering an agency system', () => {
  it('registers private_key_jwt with the public keys it is given', async () => {
    const { stored, register } = setup();
    const result = await register({
      clientId: 'hospital-hue',
      name: 'Bệnh viện Trung ương Huế',
      scopes: ['hospital:checkin'],
      jwks: { keys: [publicJwk(EC_PRIVATE)] },
    });
    expect(result.secret).toBeUndefined();
    expect(stored).toEqual([
      expect.objectContaining({
        client_id: 'hospital-hue',
        token_endpoint_auth_method: 'private_key_jwt',
        grant_types: ['client_credentials'],
        scope: 'hospital:checkin',
        jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'BBBB', kid: 'k1' }] },
      }),
    ]);
    expect(stored[0]).not.toHaveProperty('client_secret');
  });

  it('generates a secret when no keys are given, returns it once and stores only its hash', async () => {
    const { stored, register } = setup();
    const { secret } = await register({ clientId: 'bank-acb', name: 'ACB', scopes: ['ekyc:identity'] });
    expect(secret).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await verifyClientSecret(secret, stored[0]?.client_secret)).toBe(true);
  });

  it.each([
    [{ clientId: 'A', name: 'x', scopes: ['hospital:checkin'] }, 'clientId'],
    [{ clientId: 'bank-acb', name: '', scopes: ['ekyc:identity'] }, 'name'],
    [{ clientId: 'bank-acb', name: 'ACB', scopes: [] }, 'scopes'],
    [{ clientId: 'bank-acb', name: 'ACB', scopes: ['citizen'] }, 'scopes'],
    [{ clientId: 'bank-acb', name: 'ACB', scopes: ['ekyc:identity'], jwks: { keys: [EC_PRIVATE] } }, 'jwks'],
  ])('refuses %j naming %s, and stores nothing', async (request, field) => {
    const { stored, register } = setup();
    await expect(register(request)).rejects.toMatchObject({ httpStatus: 400, problems: [{ field }] });
    expect(stored).toEqual([]);
  });
});
