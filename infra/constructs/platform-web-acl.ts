import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface PlatformWebAclProps {
  /** Web ACL name; also the prefix of its CloudWatch metric names. */
  readonly name: string;
  /**
   * Requests one client IP may send in the evaluation window before it is blocked.
   * @default 2000
   */
  readonly rateLimitPerIp?: number;
  /**
   * Evaluation window of the rate limit, in seconds (60, 120, 300 or 600).
   * @default 300
   */
  readonly rateLimitWindowSeconds?: 60 | 120 | 300 | 600;
  /**
   * `REGIONAL` for API Gateway stages; `CLOUDFRONT` for a distribution (such a web ACL must be created in us-east-1).
   * @default 'REGIONAL'
   */
  readonly scope?: 'REGIONAL' | 'CLOUDFRONT';
}

/** AWS managed rule groups every API of the platform runs, in evaluation order after the rate limit. */
const MANAGED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'] as const;

/**
 * A WAFv2 web ACL for API Gateway stages (regional) or CloudFront distributions: a per-IP rate limit, then the AWS common rule set and the known
 * bad inputs rule set; anything they do not block is allowed. Every rule emits CloudWatch metrics and samples.
 */
export class PlatformWebAcl extends Construct {
  public readonly webAcl: wafv2.CfnWebACL;
  public readonly rateLimitPerIp: number;

  constructor(scope: Construct, id: string, props: PlatformWebAclProps) {
    super(scope, id);
    this.rateLimitPerIp = props.rateLimitPerIp ?? 2000;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });

    this.webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      name: props.name,
      scope: props.scope ?? 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(props.name),
      rules: [
        {
          name: 'RateLimitPerIp',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              limit: this.rateLimitPerIp,
              aggregateKeyType: 'IP',
              evaluationWindowSec: props.rateLimitWindowSeconds ?? 300,
            },
          },
          visibilityConfig: visibility(`${props.name}-RateLimitPerIp`),
        },
        ...MANAGED_RULE_GROUPS.map((ruleGroup, index) => ({
          name: ruleGroup,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: ruleGroup } },
          visibilityConfig: visibility(`${props.name}-${ruleGroup}`),
        })),
      ],
    });
  }

  /** Puts a regional resource (an API Gateway stage ARN) behind the web ACL. */
  associate(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAcl.attrArn });
  }
}
