import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { PlatformWebAcl } from '../constructs/platform-web-acl.ts';

/** CloudFront only accepts web ACLs of scope CLOUDFRONT, and those exist only in us-east-1. */
export const EDGE_REGION = 'us-east-1';

export interface PortalEdgeStackProps extends StackProps {
  /**
   * Requests one client IP may send in 5 minutes before the WAF blocks it (carrier-grade NAT puts many citizens
   * behind one address).
   * @default 2000
   */
  readonly wafRateLimitPerIp?: number;
}

/**
 * The portal's web ACL, alone in us-east-1 so that everything else (bucket, logs, distribution settings) stays in
 * the platform's region. The portal stack reads the ACL's ARN through a cross-region reference.
 */
export class PortalEdgeStack extends Stack {
  public readonly webAcl: PlatformWebAcl;

  constructor(scope: Construct, id: string, props: PortalEdgeStackProps) {
    if (props.env?.region !== EDGE_REGION) {
      throw new Error(`The portal's edge stack must be deployed to ${EDGE_REGION}, not ${props.env?.region}`);
    }
    super(scope, id, {
      description: "P06 portal edge: the CloudFront distribution's web ACL (us-east-1)",
      crossRegionReferences: true,
      ...props,
    });
    this.webAcl = new PlatformWebAcl(this, 'WebAcl', {
      name: `${this.stackName}-portal`,
      scope: 'CLOUDFRONT',
      rateLimitPerIp: props.wafRateLimitPerIp ?? 2000,
    });
  }
}
