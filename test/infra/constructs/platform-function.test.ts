import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataFileCopies, PlatformFunction } from '../../../infra/constructs/platform-function.ts';
import { findFunction, LEGACY_COMMUNES_DATA_FILE } from '../../../infra/topology.ts';
import { nagFindings, testApp } from '../synth.ts';

describe('PlatformFunction', () => {
  let app: App;
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    app = new App();
    stack = new Stack(app, 'Functions', { env: { region: 'ap-southeast-1' } });
    const fn = new PlatformFunction(stack, 'GetPopulationStatistics', {
      spec: findFunction('GetPopulationStatistics'),
      logRetention: logs.RetentionDays.ONE_MONTH,
    });
    const table = dynamodb.TableV2.fromTableAttributes(stack, 'Table', {
      tableName: 'p06-Population',
      grantIndexPermissions: true,
    });
    fn.bindTable({ table, envVar: 'POPULATION_TABLE', indexed: true }, 'readWrite');
    template = Template.fromStack(stack);
  });

  it('runs Node.js 24 on arm64, traced by X-Ray, with JSON logs in its own log group', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      TracingConfig: { Mode: 'Active' },
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 10,
      LoggingConfig: {
        LogFormat: 'JSON',
        LogGroup: { Ref: Match.stringLikeRegexp('^GetPopulationStatisticsLogGroup') },
      },
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'p06-get-population-statistics',
          NODE_OPTIONS: '--enable-source-maps',
          POPULATION_TABLE: 'p06-Population',
        },
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('ships a minified UTF-8 ESM bundle with the AWS SDK inside, a require shim and a source map', () => {
    const assetDirectory = path.join(app.outdir, 'asset.');
    const code = Object.values(template.findResources('AWS::Lambda::Function'))[0] as {
      Properties: { Code: { S3Key: string } };
    };
    const hash = code.Properties.Code.S3Key.replace(/\.zip$/, '');
    const bundle = readFileSync(`${assetDirectory}${hash}/index.mjs`, 'utf8');
    expect(bundle.startsWith("import { createRequire as __p06CreateRequire } from 'node:module';")).toBe(true);
    expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    expect(bundle).toContain('DynamoDBClient');
    expect(bundle.length / bundle.split('\n').length).toBeGreaterThan(1000); // minified: long lines
    // charset utf8 as in LAMBDA_ESBUILD_OPTIONS: the Vietnamese texts as they are, not `\uXXXX` escapes.
    expect(bundle).toMatch(/\P{ASCII}/u);
    expect(existsSync(`${assetDirectory}${hash}/index.mjs.map`)).toBe(true);
  });

  it('grants what bindTable asks, on the table and its indexes', () => {
    const policy = Object.values(template.findResources('AWS::IAM::Policy'))[0] as {
      Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } };
    };
    const dynamodb = policy.Properties.PolicyDocument.Statement.filter((s) =>
      [s.Action].flat().some((a) => a.startsWith('dynamodb:')),
    );
    const actions = dynamodb.flatMap((s) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem']));
    expect(JSON.stringify(dynamodb.map((s) => s.Resource))).toContain(':table/p06-Population/index/*');
  });

  it('uses a role without managed policies that may write only to its log group', () => {
    template.hasResourceProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^GetPopulationStatisticsLogGroup'), 'Arn'] },
          },
        ]),
      },
    });
  });

  it('acknowledges its own wildcards and leaves only the synchronous-invocation finding to its caller', () => {
    expect(nagFindings(stack).map((finding) => finding.rule)).toEqual(['Serverless-LambdaDLQ']);
  });
});

describe('PlatformFunction grants for the procedure groups', () => {
  let stack: Stack;
  let template: Template;
  beforeAll(() => {
    stack = new Stack(testApp({}, { bundle: false }), 'Grants', { env: { region: 'ap-southeast-1' } });
    const revoke = new PlatformFunction(stack, 'RevokeDeathRegistration', {
      spec: findFunction('RevokeDeathRegistration'),
    });
    revoke.grantWorkflowAccess(['start', 'callback', 'stop'], ['p06-A', 'p06-B']);
    const submit = new PlatformFunction(stack, 'SubmitDossier', { spec: findFunction('SubmitDossier') });
    submit.grantSendToIntakeQueues({ queueNamePattern: 'p06-intake-??', keyAliasPattern: 'alias/p06-province-*' });
    submit.setDossierConfig({ onboardedProvinces: ['01', '79'], autoApproval: 'all' });
    template = Template.fromStack(stack);
  });

  it('sets each variable with the permission that goes with it', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ STATE_MACHINE_ARN_PREFIX: Match.anyValue() }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          INTAKE_QUEUE_URL_PREFIX: Match.anyValue(),
          ONBOARDED_PROVINCES: '01,79',
          AUTO_APPROVAL: 'all',
        }),
      },
    });
  });

  it('acknowledges exactly the wildcards it grants, and nothing more', () => {
    expect(nagFindings(stack)).toEqual([
      expect.objectContaining({ rule: 'Serverless-LambdaDLQ', paths: expect.any(Array) }),
    ]);
  });

  it('refuses workflow access without a state machine, and dossier configuration without a province', () => {
    const other = new Stack(testApp({}, { bundle: false }), 'Other', { env: { region: 'ap-southeast-1' } });
    const fn = new PlatformFunction(other, 'OpenDossierStep', { spec: findFunction('OpenDossierStep') });
    expect(() => fn.grantWorkflowAccess(['callback'], [])).toThrow(/no state machine/);
    expect(() => fn.setDossierConfig({ onboardedProvinces: [], autoApproval: '{}' })).toThrow(/onboarded province/);
  });
});

describe('PlatformFunction data files', () => {
  it('ships them beside the bundle, where the bundled function reads them', () => {
    const app = new App();
    const stack = new Stack(app, 'Lookup', { env: { region: 'ap-southeast-1' } });
    const spec = findFunction('ResolveAdminUnit');
    expect(spec.dataFiles).toEqual([LEGACY_COMMUNES_DATA_FILE]);
    new PlatformFunction(stack, 'ResolveAdminUnit', { spec, logRetention: logs.RetentionDays.ONE_MONTH });
    const code = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as {
      Properties: { Code: { S3Key: string } };
    };
    const assetDirectory = path.join(app.outdir, `asset.${code.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
    const shipped = path.join(assetDirectory, path.basename(LEGACY_COMMUNES_DATA_FILE));
    expect(readFileSync(shipped, 'utf8')).toBe(readFileSync(LEGACY_COMMUNES_DATA_FILE, 'utf8'));
    // The asset as Lambda runs it: a pre-2025 code is named from the data file, read on this first request.
    const invoke = `const { handler } = await import('./index.mjs');
      const event = { queryStringParameters: { legacyCode: '00061', date: '2025-06-30' }, headers: {}, requestContext: {} };
      process.stdout.write(JSON.stringify(await handler(event, { awsRequestId: 'test' })));`;
    const response = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', invoke], {
        cwd: assetDirectory,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, AWS_REGION: 'ap-southeast-1' },
      }),
    ) as { statusCode: number; body: string };
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ inForce: 'legacy', legacy: { fullName: 'Phường Hàng Bạc' } });
  }, 60_000);

  it('refuses two data files of one name, which would overwrite each other beside the bundle', () => {
    const spec = { ...findFunction('ResolveAdminUnit'), dataFiles: ['a/tables.json', 'b/tables.json'] };
    expect(() => dataFileCopies(spec, '/in', '/out')).toThrow(/share a name/);
    expect(dataFileCopies({ ...spec, dataFiles: ['a/tables.json'] }, '/in', '/out')).toEqual([
      'cp "/in/a/tables.json" "/out/tables.json"',
    ]);
  });
});
