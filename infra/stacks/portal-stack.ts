import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CfnOutput,
  CrossStackReferences,
  Duration,
  ReferenceStrength,
  RemovalPolicy,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import type * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { EDGE_SECRET_HEADER } from '../../shared/identity/viewer-address.ts';
import { nagResource } from '../constructs/nag-finding.ts';
import { REPOSITORY_ROOT } from '../constructs/platform-function.ts';
import { DEFAULT_OIDC_ISSUER } from './national-services-stack.ts';

/** Where `npm run build:portal` writes the portal. */
export const DEFAULT_PORTAL_BUILD_DIRECTORY = path.join(REPOSITORY_ROOT, 'portal/dist');

/** The portal's path on the shared origin, as the local API server serves it. */
export const PORTAL_PATH = '/portal/';

/** The OIDC client the portal signs citizens and officers in with (code + PKCE). */
export const PORTAL_CLIENT_ID = 'citizen-portal';

/** The API's paths on the shared origin: forwarded to API Gateway, never cached. */
export const API_PATH_PATTERNS = ['/v1/*', '/oidc/*', '/.well-known/*', '/health'] as const;

/** The portal uses no inline script or style: everything comes from its own origin. */
export const PORTAL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** Viewer-request function of the portal's behaviour (cloudfront-js-2.0). */
export const SPA_ROUTING_FUNCTION_FILE = path.join(REPOSITORY_ROOT, 'infra/stacks/portal-spa-routing.js');
/** The viewer-request function of the API behaviours: the viewer's address for the API (viewer-address.ts). */
export const VIEWER_ADDRESS_FUNCTION_FILE = path.join(REPOSITORY_ROOT, 'infra/stacks/portal-viewer-address.js');

export interface PortalStackProps extends StackProps {
  /** The national services' API, which the distribution forwards `/v1/*`, `/oidc/*`, `/.well-known/*` and `/health` to. */
  readonly api: apigateway.RestApi;
  /** ARN of a CLOUDFRONT-scope web ACL (us-east-1; see PortalEdgeStack). */
  readonly webAclArn: string;
  /**
   * The secret the distribution sends with each request it forwards to the API (an origin custom header), with which
   * the sign-in lockout trusts the viewer's address the distribution puts beside it (shared/identity/viewer-address.ts).
   * Without it the API counts sign-in failures against the CloudFront server's address.
   */
  readonly edgeSecret?: secretsmanager.ISecret;
  /**
   * The portal's build (index.html and assets), deployed under `/portal/`.
   * @default DEFAULT_PORTAL_BUILD_DIRECTORY (`portal/dist`)
   */
  readonly buildDirectory?: string;
  /**
   * The e-ID issuer written into the portal's `config.json`. For the redirect URI `${issuer}/portal/callback` to hold,
   * it is this distribution's public URL (or its custom domain): see docs/infrastructure.md.
   * @default DEFAULT_OIDC_ISSUER
   */
  readonly oidcIssuer?: string;
  /**
   * Days CloudFront and S3 access logs are kept.
   * @default 90
   */
  readonly accessLogDays?: number;
}

/**
 * The citizen portal and officer back office: a private bucket behind CloudFront (origin access control), the SPA
 * under `/portal/`, and the national API on the same origin (so the portal needs no CORS and the OIDC redirect URI
 * is on the issuer's host). Strict security headers, a WAF, access logs, and a deployment of the build with a
 * `config.json` written at deploy time so the portal learns its URLs without a rebuild.
 */
export class PortalStack extends Stack {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly distribution: cloudfront.Distribution;
  public readonly spaRouting: cloudfront.Function;
  public readonly portalHeaders: cloudfront.ResponseHeadersPolicy;
  public readonly apiHeaders: cloudfront.ResponseHeadersPolicy;
  public readonly deployment: s3deploy.BucketDeployment;
  /** `https://<distribution domain>`: where the portal (`/portal/`) and the API (`/v1/…`) are reached. */
  public readonly publicUrl: string;

  constructor(scope: Construct, id: string, props: PortalStackProps) {
    super(scope, id, {
      description: 'P06 portal: citizen portal and officer back office on CloudFront, in front of the national API',
      ...props,
    });
    // Strong references (an export; CDK's export writer and reader across regions): neither the API nor the web ACL
    // can be deleted while the distribution still points at them.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const logDays = props.accessLogDays ?? 90;

    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with an ACL grant: the bucket must accept ACLs.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(logDays) }],
      // Logs hold client IP addresses (personal data under the access-log rules): kept when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log bucket itself; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 's3/',
    });

    this.spaRouting = new cloudfront.Function(this, 'SpaRouting', {
      comment: 'Serves /portal/index.html for client-side routes under /portal/; / goes to /portal/',
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(readFileSync(SPA_ROUTING_FUNCTION_FILE, 'utf8')),
    });

    const securityHeaders = (csp?: string): cloudfront.ResponseSecurityHeadersBehavior => ({
      ...(csp ? { contentSecurityPolicy: { contentSecurityPolicy: csp, override: true } } : {}),
      strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
    });
    this.portalHeaders = new cloudfront.ResponseHeadersPolicy(this, 'PortalHeaders', {
      comment: 'Portal: strict CSP (no inline script or style), HSTS, nosniff, no referrer, no framing',
      securityHeadersBehavior: securityHeaders(PORTAL_CONTENT_SECURITY_POLICY),
    });
    // The e-ID pages set their own CSP (form-action must name the relying party's redirect): not overridden here.
    this.apiHeaders = new cloudfront.ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: "API and e-ID pages: HSTS, nosniff, no referrer, no framing; the API's own CSP is kept",
      securityHeadersBehavior: securityHeaders(),
    });

    const viewerAddress = new cloudfront.Function(this, 'ViewerAddress', {
      comment: "Puts the viewer's address in x-p06-viewer-address for the API's sign-in lockout",
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      code: cloudfront.FunctionCode.fromInline(readFileSync(VIEWER_ADDRESS_FUNCTION_FILE, 'utf8')),
    });
    const apiOrigin = new origins.RestApiOrigin(
      props.api,
      props.edgeSecret
        ? // A dynamic reference, resolved by CloudFormation at deployment: the value is in no template.
          { customHeaders: { [EDGE_SECRET_HEADER]: props.edgeSecret.secretValue.unsafeUnwrap() } }
        : {},
    );
    const apiBehavior: cloudfront.BehaviorOptions = {
      origin: apiOrigin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
      // Host must be API Gateway's own; everything else (Authorization, Idempotency-Key, cookies, query) goes through.
      originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: this.apiHeaders,
      functionAssociations: [{ function: viewerAddress, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
    };

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'P06 citizen portal and officer back office, with the national API on the same origin',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.portalHeaders,
        functionAssociations: [{ function: this.spaRouting, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(API_PATH_PATTERNS.map((pattern) => [pattern, apiBehavior])),
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'No geo restriction: Vietnamese citizens abroad (students, workers, embassies’ clients) use the public services too.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The default *.cloudfront.net certificate has a fixed TLSv1 policy and takes no minimum; a production deployment adds its own domain and ACM certificate and sets TLSv1.2_2021 with them (docs/infrastructure.md).',
      },
    );
    this.publicUrl = `https://${this.distribution.distributionDomainName}`;

    this.deployment = new s3deploy.BucketDeployment(this, 'DeployPortal', {
      sources: [
        s3deploy.Source.asset(props.buildDirectory ?? DEFAULT_PORTAL_BUILD_DIRECTORY),
        s3deploy.Source.jsonData('config.json', {
          issuer: props.oidcIssuer ?? DEFAULT_OIDC_ISSUER,
          apiBaseUrl: this.publicUrl,
          clientId: PORTAL_CLIENT_ID,
        }),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: PORTAL_PATH.slice(1),
      // Browsers revalidate (ETag); the edge cache is invalidated at each deployment.
      cacheControl: [s3deploy.CacheControl.noCache()],
      distribution: this.distribution,
      distributionPaths: [`${PORTAL_PATH}*`],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler();

    new CfnOutput(this, 'PortalUrl', { value: `${this.publicUrl}${PORTAL_PATH}`, description: 'The portal' });
    new CfnOutput(this, 'PublicUrl', {
      value: this.publicUrl,
      description: 'Set context oidcIssuer to this (or the custom domain) so the OIDC redirect URI holds',
    });
  }

  /** The BucketDeployment's singleton Lambda is CDK's own code: its findings are acknowledged, each with why. */
  private acknowledgeDeploymentHandler(): void {
    const handlers = this.node.children.filter((child) => child.node.id.startsWith('Custom::CDKBucketDeployment'));
    for (const handler of handlers) {
      Validations.of(handler).acknowledge(
        {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: "CDK's BucketDeployment handler writes its logs with the AWS-managed basic execution policy.",
        },
        ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
          id: `AwsSolutions-IAM5[Action::${action}]`,
          reason:
            "BucketDeployment's grants (read on the CDK asset bucket, read-write on the portal bucket) use the action groups of Bucket.grantRead/grantReadWrite, on those two buckets only.",
        })),
        {
          id: `AwsSolutions-IAM5[Resource::${nagResource(this, this.bucket.bucketArn)}/*]`,
          reason: 'Writes and prunes the objects of the portal bucket, whose keys are the build files.',
        },
        {
          // The partition is a literal where the region is known (flag @aws-cdk/core:enablePartitionLiterals).
          id: `AwsSolutions-IAM5[Resource::${nagResource(this, `arn:${this.partition}:s3:::cdk-hnb659fds-assets-`)}<AWS::AccountId>-${this.region}/*]`,
          reason: "Reads the build's asset from the CDK bootstrap asset bucket, whose object keys are content hashes.",
        },
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'cloudfront:CreateInvalidation and GetInvalidation support no resource-level permissions.',
        },
        {
          id: 'AwsSolutions-L1',
          reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib, not by this stack.",
        },
        {
          id: 'Serverless-LambdaDLQ',
          reason: 'Invoked synchronously by CloudFormation as a custom resource; a failure fails the deployment.',
        },
        {
          id: 'Serverless-LambdaTracing',
          reason: 'A deployment-time custom resource run once per deployment; CloudFormation events record it.',
        },
        {
          id: 'Serverless-LambdaDefaultMemorySize',
          reason: 'Memory is set by BucketDeployment (memoryLimit 512 MB).',
        },
        {
          id: 'Serverless-LambdaLatestVersion',
          reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib.",
        },
      );
    }
  }
}
