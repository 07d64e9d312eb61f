import { describe, expect, it } from 'vitest';
import { agencyNameClaim } from '../../../../../shared/identity/oidc/provider.ts';

describe('agencyNameClaim', () => {
  it("puts the agency's registered name into its client-credentials token, trimmed and in NFC", () => {
    const decomposed = 'Bệnh viện Bạch Mai'.normalize('NFD');
    expect(agencyNameClaim(`  ${decomposed} `)).toEqual({ client_name: 'Bệnh viện Bạch Mai' });
  });

  it('adds nothing for a client without a name, or with one longer than a registration allows', () => {
    expect(agencyNameClaim(undefined)).toBeUndefined();
    expect(agencyNameClaim('   ')).toBeUndefined();
    expect(agencyNameClaim('x'.repeat(201))).toBeUndefined();
  });
});
