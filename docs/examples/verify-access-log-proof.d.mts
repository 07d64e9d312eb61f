/** Types of the stand-alone proof verifier (verify-access-log-proof.mjs), for the tests that run it. */
export declare const verifyProof: (proof: unknown, trustedPublicKeyPem?: string) => string[];
