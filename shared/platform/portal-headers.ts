/**
 * The security headers of the portal's pages, one list for both targets: the local cloud sends them with every
 * portal file, and the P06-Portal stack's CloudFront response-headers policy carries the same values.
 * The portal has no inline script or style, so the CSP needs neither 'unsafe-inline' nor hashes; `data:` images are
 * allowed for nothing but generated graphics (QR codes are SVG elements, charts are canvases).
 */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

export const PORTAL_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': PORTAL_CONTENT_SECURITY_POLICY,
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
};
