/**
 * Where the portal finds the API and the e-ID provider: `/portal/config.json`, written at deploy time (CDK's
 * BucketDeployment) or served by the local cloud, so one build runs in every environment.
 */
export interface PortalConfig {
  /** The e-ID provider's issuer URL (its discovery document lives under it). */
  readonly issuer: string;
  /** Base URL of the platform API; empty means the portal's own origin. */
  readonly apiBaseUrl: string;
  readonly clientId: string;
}

export const loadConfig = async (): Promise<PortalConfig> => {
  const response = await fetch('/portal/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const body = (await response.json()) as Partial<PortalConfig>;
  if (typeof body.issuer !== 'string' || typeof body.clientId !== 'string') {
    throw new Error('config.json must name the issuer and the client ID.');
  }
  return { issuer: body.issuer, apiBaseUrl: (body.apiBaseUrl ?? '').replace(/\/$/, ''), clientId: body.clientId };
};
