/**
 * Fixed monthly costs of the platform: what the CDK stacks create that is billed whether or not anyone uses it
 * (alarms, dashboards, KMS keys, WAF web ACLs and rules, secrets), counted from a synth of the real app, per
 * province stack and for the national stacks, then for a national roll-out of 34 provinces.
 *
 *   npx tsx test/bench/fixed-costs.ts        (writes test/bench/results/fixed-costs.{json,md})
 *
 * Usage-billed items (requests, GB-seconds, log ingestion, storage) are in the per-group cost model (run.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROVINCE_CODES } from '../../shared/domain/admin-units/provinces.ts';
import { AWS_PRICES, type AwsPrices } from './aws-prices.ts';

interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
}
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

export interface FixedResourceCount {
  readonly alarms: number;
  readonly dashboards: number;
  readonly kmsKeys: number;
  readonly webAcls: number;
  readonly webAclRules: number;
  readonly secrets: number;
  /** Not billed by themselves (ingestion and storage are usage), counted to show what logs exist. */
  readonly logGroups: number;
}

/** Counts the fixed-cost resources of one template. */
export const countFixedResources = (template: CfnTemplate): FixedResourceCount => {
  const resources = Object.values(template.Resources ?? {});
  const ofType = (type: string) => resources.filter((r) => r.Type === type);
  return {
    alarms: ofType('AWS::CloudWatch::Alarm').length + ofType('AWS::CloudWatch::CompositeAlarm').length,
    dashboards: ofType('AWS::CloudWatch::Dashboard').length,
    kmsKeys: ofType('AWS::KMS::Key').length,
    webAcls: ofType('AWS::WAFv2::WebACL').length,
    webAclRules: ofType('AWS::WAFv2::WebACL').reduce(
      (sum, acl) => sum + ((acl.Properties?.Rules as unknown[] | undefined)?.length ?? 0),
      0,
    ),
    secrets: ofType('AWS::SecretsManager::Secret').length,
    logGroups: ofType('AWS::Logs::LogGroup').length,
  };
};

export interface FixedCost {
  readonly count: FixedResourceCount;
  readonly usdPerMonth: Readonly<Record<'alarms' | 'dashboards' | 'kmsKeys' | 'waf' | 'secrets' | 'total', number>>;
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/** Prices a count. Dashboards are priced in full: the three free ones of an account are left as a margin. */
export const priceFixed = (count: FixedResourceCount, prices: AwsPrices = AWS_PRICES): FixedCost => {
  const lines = {
    alarms: count.alarms * prices.alarmPerMonth,
    dashboards: count.dashboards * prices.dashboardPerMonth,
    kmsKeys: count.kmsKeys * prices.kmsKeyPerMonth,
    waf: count.webAcls * prices.wafWebAclPerMonth + count.webAclRules * prices.wafRulePerMonth,
    secrets: count.secrets * prices.secretPerMonth,
  };
  const total = Object.values(lines).reduce((a, b) => a + b, 0);
  return {
    count,
    usdPerMonth: Object.fromEntries(
      Object.entries({ ...lines, total }).map(([k, v]) => [k, round(v)]),
    ) as FixedCost['usdPerMonth'],
  };
};

export const addCounts = (counts: readonly FixedResourceCount[]): FixedResourceCount =>
  counts.reduce(
    (sum, c) => ({
      alarms: sum.alarms + c.alarms,
      dashboards: sum.dashboards + c.dashboards,
      kmsKeys: sum.kmsKeys + c.kmsKeys,
      webAcls: sum.webAcls + c.webAcls,
      webAclRules: sum.webAclRules + c.webAclRules,
      secrets: sum.secrets + c.secrets,
      logGroups: sum.logGroups + c.logGroups,
    }),
    { alarms: 0, dashboards: 0, kmsKeys: 0, webAcls: 0, webAclRules: 0, secrets: 0, logGroups: 0 },
  );

/** Per stack, per province (one province stack) and for the 34-province roll-out (national stacks + 34 provinces). */
export const fixedCostModel = (templates: Readonly<Record<string, CfnTemplate>>, provinceStackPrefix: string) => {
  const perStack = Object.fromEntries(
    Object.entries(templates).map(([name, t]) => [name, priceFixed(countFixedResources(t))]),
  );
  const provinceNames = Object.keys(templates).filter((n) => n.startsWith(provinceStackPrefix));
  const first = provinceNames[0];
  if (!first) throw new Error('No province stack in the synth.');
  const perProvince = countFixedResources(templates[first] as CfnTemplate);
  const national = addCounts(
    Object.entries(templates)
      .filter(([name]) => !name.startsWith(provinceStackPrefix))
      .map(([, t]) => countFixedResources(t)),
  );
  const rollOut = addCounts([national, ...PROVINCE_CODES.map(() => perProvince)]);
  return {
    prices: { asOf: AWS_PRICES.asOf, region: AWS_PRICES.region },
    perStack,
    perProvince: priceFixed(perProvince),
    national: priceFixed(national),
    nationalWith34Provinces: priceFixed(rollOut),
  };
};

const main = async () => {
  const { synthPlatform } = await import('../infra/synth.ts');
  const { STACK_NAMES } = await import('../../infra/stacks/platform-stacks.ts');
  const platform = synthPlatform({}, { bundle: false });
  const assembly = platform.app.synth();
  const templates = Object.fromEntries(assembly.stacks.map((s) => [s.stackName, s.template as CfnTemplate]));
  const prefix = STACK_NAMES.province('01').replace(/01$/, '');
  const model = fixedCostModel(templates, prefix);
  const rows = Object.entries(model.perStack).map(
    ([name, c]) =>
      `| ${name} | ${c.count.alarms} | ${c.count.dashboards} | ${c.count.kmsKeys} | ${c.count.webAcls} (${c.count.webAclRules} rules) | ${c.count.secrets} | ${c.count.logGroups} | $${c.usdPerMonth.total.toFixed(2)} |`,
  );
  const line = (label: string, c: FixedCost) =>
    `| ${label} | ${c.count.alarms} | ${c.count.dashboards} | ${c.count.kmsKeys} | ${c.count.webAcls} (${c.count.webAclRules} rules) | ${c.count.secrets} | ${c.count.logGroups} | $${c.usdPerMonth.total.toFixed(2)} |`;
  const markdown = [
    `### Fixed monthly costs (${model.prices.region}, prices ${model.prices.asOf})`,
    '',
    '| Stack | Alarms | Dashboards | KMS keys | WAF web ACLs | Secrets | Log groups | USD / month |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    line('**One province**', model.perProvince),
    line('**National stacks**', model.national),
    line('**National + 34 provinces**', model.nationalWith34Provinces),
    '',
  ].join('\n');
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'fixed-costs.json'), `${JSON.stringify(model, null, 2)}\n`);
  writeFileSync(join(dir, 'fixed-costs.md'), markdown);
  console.log(markdown);
};

if (import.meta.url === `file://${process.argv[1]}`) await main();
