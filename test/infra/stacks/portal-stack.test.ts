import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildPlatform } from '../../../infra/stacks/platform-app.ts';
import { EDGE_REGION } from '../../../infra/stacks/portal-edge-stack.ts';
import {
  API_PATH_PATTERNS,
  PORTAL_CONTENT_SECURITY_POLICY,
  SPA_ROUTING_FUNCTION_FILE,
  VIEWER_ADDRESS_FUNCTION_FILE,
} from '../../../infra/stacks/portal-stack.ts';
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from '../../../shared/identity/viewer-address.ts';
import { nagFindings, synthPlatform, testApp } from '../synth.ts';

const platform = synthPlatform({ oidcIssuer: 'https://portal.p06.example' }, { bundle: false });
const stacks = platform.portal;
if (!stacks) throw new Error('The test app names a portal build; the portal stacks must exist');
const portal = Template.fromStack(stacks.portal);
const edge = Template.fromStack(stacks.edge);

type Behavior = {
  PathPattern?: string;
  TargetOriginId: string;
  CachePolicyId: string;
  OriginRequestPolicyId?: string;
  AllowedMethods?: string[];
  FunctionAssociations?: unknown[];
};
const distributionConfig = () => {
  const [distribution] = Object.values(portal.findResources('AWS::CloudFront::Distribution'));
  return (distribution as { Properties: { DistributionConfig: Record<string, unknown> } }).Properties
    .DistributionConfig as {
    DefaultCacheBehavior: Behavior;
    CacheBehaviors: Behavior[];
    Origins: {
      Id: string;
      DomainName: unknown;
      OriginPath?: unknown;
      S3OriginConfig?: unknown;
      OriginAccessControlId?: unknown;
      CustomOriginConfig?: unknown;
    }[];
    WebACLId: unknown;
    Logging: { Bucket: unknown; Prefix: string };
  };
};

describe('the portal stack', () => {
  it('keeps the site bucket private: public access blocked, TLS only, encrypted, access logged', () => {
    portal.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.objectLike({ ServerSideEncryptionConfiguration: Match.anyValue() }),
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 's3/' }),
    });
    const policies = JSON.stringify(portal.findResources('AWS::S3::BucketPolicy'));
    expect(policies).toContain('aws:SecureTransport');
    // The only principal reading the site bucket is CloudFront, for this distribution.
    expect(policies).toContain('cloudfront.amazonaws.com');
    expect(policies).toContain('AWS:SourceArn');
    expect(policies).not.toMatch(/"Principal":"\*","Action":"s3:GetObject"/);
  });

  it('reaches the bucket through an origin access control, not a public website endpoint', () => {
    portal.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const s3Origins = distributionConfig().Origins.filter((o) => o.S3OriginConfig);
    expect(s3Origins).toHaveLength(1);
    expect(s3Origins[0]?.OriginAccessControlId).toBeDefined();
  });

  it('forwards each API path to API Gateway uncached, with every header but Host and every query string', () => {
    const config = distributionConfig();
    const apiOriginIds = new Set(config.Origins.filter((o) => o.CustomOriginConfig).map((o) => o.Id));
    expect(config.CacheBehaviors.map((b) => b.PathPattern).sort()).toEqual([...API_PATH_PATTERNS].sort());
    for (const behavior of config.CacheBehaviors) {
      expect(apiOriginIds.has(behavior.TargetOriginId)).toBe(true);
      expect(behavior.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // Managed-CachingDisabled
      expect(behavior.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
      expect(behavior.AllowedMethods).toContain('POST');
      expect(behavior.AllowedMethods).toContain('DELETE');
    }
    const apiOrigin = config.Origins.find((o) => o.CustomOriginConfig);
    expect(JSON.stringify(apiOrigin?.DomainName)).toContain('.execute-api.');
    expect(JSON.stringify(apiOrigin?.OriginPath)).toContain('ApiDeploymentStageprod'); // the API's stage
  });

  it("vouches for the viewer's address to the API: a viewer-request function and the edge secret's origin header", () => {
    const config = distributionConfig();
    for (const behavior of config.CacheBehaviors) {
      expect(behavior.FunctionAssociations).toEqual([
        {
          EventType: 'viewer-request',
          FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^ViewerAddress/), 'FunctionARN'] },
        },
      ]);
    }
    const apiOrigin = config.Origins.find((o) => o.CustomOriginConfig) as
      | { OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }
      | undefined;
    const [header, ...others] = apiOrigin?.OriginCustomHeaders ?? [];
    expect(others).toEqual([]);
    expect(header?.HeaderName).toBe(EDGE_SECRET_HEADER);
    // A dynamic reference CloudFormation resolves at deployment: the secret's value is in no template.
    expect(JSON.stringify(header?.HeaderValue)).toContain('{{resolve:secretsmanager:');
  });

  it('serves the portal with a viewer-request function for client-side routes', () => {
    const config = distributionConfig();
    expect(config.DefaultCacheBehavior.FunctionAssociations).toEqual([
      {
        EventType: 'viewer-request',
        FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^SpaRouting/), 'FunctionARN'] },
      },
    ]);
    portal.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
  });

  it('answers the portal with a strict CSP and security headers, and leaves the e-ID pages their own CSP', () => {
    portal.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: PORTAL_CONTENT_SECURITY_POLICY, Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000, Override: true }),
          ContentTypeOptions: { Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        },
      }),
    });
    expect(PORTAL_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    const policies = Object.values(portal.findResources('AWS::CloudFront::ResponseHeadersPolicy')).map(
      (p) =>
        (p as { Properties: { ResponseHeadersPolicyConfig: { SecurityHeadersConfig: Record<string, unknown> } } })
          .Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig,
    );
    expect(policies.filter((p) => p.ContentSecurityPolicy === undefined)).toHaveLength(1);
  });

  it('puts the distribution behind a CLOUDFRONT web ACL created in us-east-1', () => {
    expect(stacks.edge.region).toBe(EDGE_REGION);
    edge.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      Rules: Match.arrayWith([Match.objectLike({ Name: 'RateLimitPerIp' })]),
    });
    expect(distributionConfig().WebACLId).toBeDefined();
    expect(JSON.stringify(distributionConfig().WebACLId)).toMatch(/ExportsReader|WebAcl/);
  });

  it('writes CloudFront standard logs to the log bucket', () => {
    expect(distributionConfig().Logging.Prefix).toBe('cloudfront/');
    portal.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] },
    });
  });

  it('deploys the build under portal/ with a config.json naming the issuer, the API and the client', () => {
    portal.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'portal/',
      DistributionPaths: ['/portal/*'],
    });
    const [deployment] = Object.values(portal.findResources('Custom::CDKBucketDeployment')) as {
      Properties: { SourceObjectKeys: string[]; SourceMarkers: Record<string, unknown>[] };
    }[];
    const keys = deployment?.Properties.SourceObjectKeys ?? [];
    const staged = (key: string) => path.join(platform.app.outdir, `asset.${key.replace(/\.zip$/, '')}`);
    const configKey = keys.find((key) => existsSync(path.join(staged(key), 'config.json')));
    if (!configKey) throw new Error('No deployed source holds config.json');
    const config = JSON.parse(readFileSync(path.join(staged(configKey), 'config.json'), 'utf8'));
    expect(config).toEqual({
      issuer: 'https://portal.p06.example',
      apiBaseUrl: expect.stringMatching(/^https:\/\/<<marker:0xbaba:\d+>>$/),
      clientId: 'citizen-portal',
    });
    // The marker is the distribution's domain, filled in at deploy time.
    expect(JSON.stringify(deployment?.Properties.SourceMarkers)).toContain('Distribution');
    expect(keys.some((key) => existsSync(path.join(staged(key), 'index.html')))).toBe(true);
  });

  it.each([
    ['edge', stacks.edge],
    ['portal', stacks.portal],
  ])('has no unacknowledged cdk-nag finding in the %s stack', (_name, stack) => {
    expect(nagFindings(stack)).toEqual([]);
  });

  it('refuses a portalBuild context that names a missing directory', () => {
    expect(() => buildPlatform(testApp({ portalBuild: 'no/such/portal/build' }, { bundle: false }))).toThrow(
      /portalBuild: no directory/,
    );
  });
});

describe('the SPA routing function', () => {
  const code = readFileSync(SPA_ROUTING_FUNCTION_FILE, 'utf8');
  const route = (uri: string) => {
    const sandbox: { handler?: (event: unknown) => unknown } = {};
    runInNewContext(`${code}\nthis.handler = handler;`, sandbox);
    return sandbox.handler?.({ request: { uri, querystring: {} } }) as {
      uri?: string;
      statusCode?: number;
      headers?: { location: { value: string } };
    };
  };

  it.each(['/portal/', '/portal/dossiers', '/portal/dossiers/HS01-20261123-7K3M9Q2XAB', '/portal/verify'])(
    'answers index.html for the client route %s',
    (uri) => {
      expect(route(uri).uri).toBe('/portal/index.html');
    },
  );

  it.each(['/portal/assets/index-3f2a.js', '/portal/config.json', '/portal/favicon.svg'])(
    'passes the file %s through',
    (uri) => {
      expect(route(uri).uri).toBe(uri);
    },
  );

  it.each(['/', '/portal'])('redirects %s to /portal/', (uri) => {
    const response = route(uri);
    expect(response.statusCode).toBe(302);
    expect(response.headers?.location.value).toBe('/portal/');
  });
});

describe('the viewer address function', () => {
  const code = readFileSync(VIEWER_ADDRESS_FUNCTION_FILE, 'utf8');
  const run = (headers: Record<string, { value: string }>) => {
    const sandbox: { handler?: (event: unknown) => unknown } = {};
    runInNewContext(`${code}\nthis.handler = handler;`, sandbox);
    return sandbox.handler?.({
      viewer: { ip: '203.0.113.7' },
      request: { uri: '/oidc/interaction/x/login', headers },
    }) as {
      headers: Record<string, { value: string } | undefined>;
    };
  };

  it("sets the viewer's address over the client's, and drops a secret the client sent", () => {
    const request = run({
      [VIEWER_ADDRESS_HEADER]: { value: '198.51.100.1' },
      [EDGE_SECRET_HEADER]: { value: 'guessed' },
      accept: { value: 'text/html' },
    });
    expect(request.headers[VIEWER_ADDRESS_HEADER]).toEqual({ value: '203.0.113.7' });
    expect(request.headers[EDGE_SECRET_HEADER]).toBeUndefined();
    expect(request.headers.accept).toEqual({ value: 'text/html' });
  });
});
