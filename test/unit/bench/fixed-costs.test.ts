import { describe, expect, it } from 'vitest';
import { AWS_PRICES } from '../../bench/aws-prices.ts';
import { countFixedResources, fixedCostModel, priceFixed } from '../../bench/fixed-costs.ts';

const template = (types: Record<string, number>, rules = 0) => ({
  Resources: Object.fromEntries(
    Object.entries(types).flatMap(([type, n]) =>
      Array.from({ length: n }, (_, i) => [
        `${type.replaceAll(':', '')}${i}`,
        { Type: type, Properties: type === 'AWS::WAFv2::WebACL' ? { Rules: Array.from({ length: rules }) } : {} },
      ]),
    ),
  ),
});

describe('fixed monthly costs', () => {
  it('counts alarms, dashboards, keys, web ACLs with their rules and secrets, ignoring usage-billed resources', () => {
    const count = countFixedResources(
      template(
        {
          'AWS::CloudWatch::Alarm': 3,
          'AWS::CloudWatch::Dashboard': 1,
          'AWS::KMS::Key': 2,
          'AWS::WAFv2::WebACL': 1,
          'AWS::SecretsManager::Secret': 2,
          'AWS::Lambda::Function': 9,
        },
        4,
      ),
    );

    expect(count).toEqual({
      alarms: 3,
      dashboards: 1,
      kmsKeys: 2,
      webAcls: 1,
      webAclRules: 4,
      secrets: 2,
      logGroups: 0,
    });
    expect(priceFixed(count).usdPerMonth).toEqual({
      alarms: 0.3,
      dashboards: 3,
      kmsKeys: 2,
      waf: 9,
      secrets: 0.8,
      total: 15.1,
    });
  });

  it('adds the national stacks once and the province stack 34 times', () => {
    const model = fixedCostModel(
      {
        'P06-NationalServices': template({ 'AWS::KMS::Key': 3 }),
        'P06-Province-01': template({ 'AWS::KMS::Key': 1, 'AWS::CloudWatch::Alarm': 2 }),
        'P06-Province-37': template({ 'AWS::KMS::Key': 1, 'AWS::CloudWatch::Alarm': 2 }),
      },
      'P06-Province-',
    );

    expect(model.perProvince.usdPerMonth.total).toBeCloseTo(AWS_PRICES.kmsKeyPerMonth + 2 * AWS_PRICES.alarmPerMonth);
    expect(model.national.count.kmsKeys).toBe(3);
    expect(model.nationalWith34Provinces.count).toMatchObject({ kmsKeys: 3 + 34, alarms: 68 });
  });
});
