import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { NationalServicesStack } from '../../../infra/stacks/national-services-stack.ts';
import { FUNCTIONS, type FunctionSpec, ROUTES, TABLES } from '../../../infra/topology.ts';
import { nagFindings, synthPlatform, testApp } from '../synth.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

/** Every statement of the policies attached to the role of the function with this topology ID. */
const statementsOf = (template: Template, functionId: string): Statement[] => {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${functionId}ServiceRole`) }] },
  });
  return Object.values(policies).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
};
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

describe('NationalServicesStack', () => {
  let template: Template;
  beforeAll(() => {
    template = Template.fromStack(synthPlatform().national.services);
  });

  describe('functions', () => {
    it('creates one function per topology function, each Node.js 24 on arm64 with X-Ray active', () => {
      const functions = template.findResources('AWS::Lambda::Function');
      expect(Object.keys(functions)).toHaveLength(FUNCTIONS.length);
      for (const fn of Object.values(functions) as { Properties: Record<string, unknown> }[]) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Handler: 'index.handler',
        });
      }
    });

    it.each(FUNCTIONS.map((f) => [f.id, f] as const))('sizes %s from its spec', (id, spec) => {
      template.hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        MemorySize: 'memoryMb' in spec ? spec.memoryMb : 512,
        Timeout: 'timeoutSeconds' in spec ? spec.timeoutSeconds : 10,
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${id}LogGroup`) } },
      });
    });

    it('gives every function its own encrypted log group kept three months', () => {
      template.resourcePropertiesCountIs(
        'AWS::Logs::LogGroup',
        { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } },
        FUNCTIONS.length + 2, // + API access and execution logs
      );
    });

    it('lets the statistics function read the Population table and nothing else', () => {
      const statements = statementsOf(template, 'GetPopulationStatistics');
      const dynamodb = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      expect(JSON.stringify(dynamodb.map((s) => s.Resource))).toContain('table/p06-Population');
      for (const table of TABLES.filter((t) => t.id !== 'Population')) {
        expect(JSON.stringify(statements)).not.toContain(`table/p06-${table.id}`);
      }
      const writes = actionsOf(statements).filter((a) =>
        /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)|^kms:(Encrypt|GenerateDataKey|ReEncrypt)/.test(a),
      );
      expect(writes).toEqual([]);
    });

    it('hands each function the names of exactly the tables it may use', () => {
      for (const spec of FUNCTIONS) {
        const fn = Object.values(
          template.findResources('AWS::Lambda::Function', { Properties: { Description: spec.description } }),
        )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
        const tableVars = Object.keys(fn.Properties.Environment.Variables).filter((v) => v.endsWith('_TABLE'));
        const declared: FunctionSpec = spec;
        const expected = TABLES.filter((t) => Object.keys(declared.tables ?? {}).includes(t.id)).map((t) => t.envVar);
        expect(tableVars.sort()).toEqual(expected.sort());
        expect(fn.Properties.Environment.Variables).toMatchObject({
          NODE_OPTIONS: '--enable-source-maps',
          POWERTOOLS_SERVICE_NAME: expect.stringMatching(/^p06-/),
        });
      }
    });

    it('lets the health function inspect the province queues and state machines, read-only', () => {
      const statements = statementsOf(template, 'Health');
      expect(statements).toContainEqual(
        expect.objectContaining({ Action: ['sqs:ListQueues', 'states:ListStateMachines'], Resource: '*' }),
      );
      const inspect = statements.find((s) => s.Action === 'sqs:GetQueueAttributes');
      expect(JSON.stringify(inspect?.Resource)).toContain(':p06-intake-*');
      expect(actionsOf(statements).filter((a) => /^sqs:(Send|Delete|Purge|Receive)|^states:Start/.test(a))).toEqual([]);
    });

    it('gives no function a managed policy: each role writes to its own log group only', () => {
      const roles = template.findResources('AWS::IAM::Role', {
        Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] } },
      });
      expect(Object.keys(roles)).toHaveLength(FUNCTIONS.length);
      for (const role of Object.values(roles) as { Properties: Record<string, unknown> }[]) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('e-ID signing keys', () => {
    const secretRef = (): { Ref: string } => {
      const [id] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
      if (!id) throw new Error('no secret in the template');
      return { Ref: id };
    };

    it('keeps them in one retained secret, created empty and encrypted with a rotating customer-managed key', () => {
      const secrets = template.findResources('AWS::SecretsManager::Secret');
      expect(Object.keys(secrets)).toHaveLength(1);
      const [secret] = Object.values(secrets) as { Properties: Record<string, unknown>; DeletionPolicy: string }[];
      expect(secret?.DeletionPolicy).toBe('Retain');
      expect(secret?.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SigningKeysKey/), 'Arn'] });
      expect(secret?.Properties).not.toHaveProperty('GenerateSecretString');
      expect(secret?.Properties).not.toHaveProperty('SecretString');
      template.hasResource('AWS::KMS::Key', {
        Properties: Match.objectLike({ EnableKeyRotation: true, Description: Match.stringLikeRegexp('e-ID') }),
        DeletionPolicy: 'Retain',
      });
    });

    it('hands the secret ARN to the OidcProvider function only', () => {
      const functions = template.findResources('AWS::Lambda::Function') as Record<
        string,
        { Properties: { Environment: { Variables: Record<string, unknown> } } }
      >;
      const withArn = Object.entries(functions)
        .map(([id, fn]) => [id, fn.Properties.Environment.Variables.SIGNING_KEYS_SECRET_ARN] as const)
        .filter(([, arn]) => arn !== undefined);
      expect(withArn).toEqual([[expect.stringMatching(/^OidcProvider/), secretRef()]]);
    });

    it('lets OidcProvider read the secret, never write it, and decrypt with its key via Secrets Manager', () => {
      const statements = statementsOf(template, 'OidcProvider').filter((s) =>
        JSON.stringify(s.Resource).includes(secretRef().Ref),
      );
      expect(actionsOf(statements)).toContain('secretsmanager:GetSecretValue');
      expect(actionsOf(statements).filter((a) => !/^secretsmanager:(GetSecretValue|DescribeSecret)$/.test(a))).toEqual(
        [],
      );
      template.hasResourceProperties('AWS::KMS::Key', {
        Description: Match.stringLikeRegexp('e-ID'),
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'kms:Decrypt',
              Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OidcProviderServiceRole'), 'Arn'] } },
              Condition: { StringEquals: { 'kms:ViaService': Match.stringLikeRegexp('^secretsmanager\\.') } },
            }),
          ]),
        },
      });
    });

    it('gives no other function, the Authorizer included, any access to the secret or its key', () => {
      for (const spec of FUNCTIONS.filter((f) => f.id !== 'OidcProvider')) {
        const statements = JSON.stringify(statementsOf(template, spec.id));
        expect(statements, spec.id).not.toContain(secretRef().Ref);
        expect(statements, spec.id).not.toMatch(/secretsmanager:|SigningKeysKey/);
      }
      const keyPolicy = JSON.stringify(
        Object.values(
          template.findResources('AWS::KMS::Key', { Properties: { Description: Match.stringLikeRegexp('e-ID') } }),
        ),
      );
      expect(keyPolicy).not.toMatch(/AuthorizerServiceRole/);
      const authorizer = Object.values(
        template.findResources('AWS::Lambda::Function', {
          Properties: { LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('^AuthorizerLogGroup') } } },
        }),
      )[0] as { Properties: { Environment: { Variables: Record<string, unknown> } } };
      expect(authorizer.Properties.Environment.Variables).not.toHaveProperty('SIGNING_KEYS_SECRET_ARN');
      expect(authorizer.Properties.Environment.Variables).not.toHaveProperty('SIGNING_KEYS_FILE');
    });
  });

  describe('API', () => {
    it('declares every topology route with a Lambda proxy integration, and the token authorizer on protected ones', () => {
      template.resourceCountIs('AWS::ApiGateway::Method', ROUTES.length);
      for (const route of ROUTES) {
        const leaf = route.path.split('/').at(-1);
        template.hasResourceProperties('AWS::ApiGateway::Resource', { PathPart: leaf });
        template.hasResourceProperties('AWS::ApiGateway::Method', {
          HttpMethod: route.method,
          AuthorizationType: route.auth === 'token' ? 'CUSTOM' : 'NONE',
          ...(route.auth === 'token' ? { AuthorizerId: { Ref: Match.stringLikeRegexp('^TokenAuthorizer') } } : {}),
          Integration: {
            Type: 'AWS_PROXY',
            Uri: Match.objectLike({
              'Fn::Join': [
                '',
                Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp(`^${route.functionId}`), 'Arn'] }]),
              ],
            }),
          },
        });
      }
    });

    it('runs the Authorizer function as a REQUEST authorizer on the Authorization header, cached briefly', () => {
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Type: 'REQUEST',
        IdentitySource: 'method.request.header.Authorization',
        AuthorizerResultTtlInSeconds: 60,
        AuthorizerUri: Match.objectLike({
          'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Authorizer'), 'Arn'] }])],
        }),
      });
    });

    it('validates request parameters and bodies, with the query parameters each route declares', () => {
      template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
        ValidateRequestParameters: true,
        ValidateRequestBody: true,
      });
      template.hasResourceProperties('AWS::ApiGateway::Method', {
        RequestParameters: { 'method.request.querystring.province': false },
        RequestValidatorId: { Ref: Match.stringLikeRegexp('^RequestValidator') },
      });
    });

    it('logs access as JSON, logs execution without bodies, traces and throttles the stage', () => {
      const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as {
        Properties: Record<string, unknown> & { AccessLogSetting: { Format: string } };
      };
      expect(stage.Properties).toMatchObject({
        TracingEnabled: true,
        AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [expect.stringMatching(/^ApiAccessLogs/), 'Arn'] } },
        MethodSettings: [
          expect.objectContaining({
            HttpMethod: '*',
            ResourcePath: '/*',
            LoggingLevel: 'INFO',
            DataTraceEnabled: false,
            ThrottlingRateLimit: 500,
            ThrottlingBurstLimit: 1000,
          }),
        ],
      });
      expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toMatchObject({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        status: '$context.status',
        wafResponseCode: '$context.wafResponseCode',
      });
    });

    it('puts the stage behind a regional WAF with a per-IP rate limit and the AWS managed rule sets', () => {
      template.hasResourceProperties('AWS::WAFv2::WebACL', {
        Scope: 'REGIONAL',
        DefaultAction: { Allow: {} },
        Rules: [
          Match.objectLike({
            Name: 'RateLimitPerIp',
            Action: { Block: {} },
            Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP', EvaluationWindowSec: 300 } },
          }),
          Match.objectLike({
            Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
          }),
          Match.objectLike({
            Statement: {
              ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesKnownBadInputsRuleSet' },
            },
          }),
        ],
      });
      const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0];
      expect(JSON.stringify(association)).toMatch(/restapis\/.*stages\//);
      expect(JSON.stringify(association)).toMatch(/"Ref":"ApiDeploymentStageprod/);
    });
  });

  it('takes throttling and the WAF rate limit from context', () => {
    const { national } = synthPlatform(
      { apiRateLimit: '50', apiBurstLimit: '80', wafRateLimitPerIp: '5000' },
      { bundle: false },
    );
    const custom = Template.fromStack(national.services);
    custom.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 })],
    });
    custom.hasResourceProperties('AWS::WAFv2::WebACL', {
      Rules: Match.arrayWith([
        Match.objectLike({ Statement: { RateBasedStatement: Match.objectLike({ Limit: 5000 }) } }),
      ]),
    });
  });

  it('creates no state machine while the topology declares no workflow', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 0);
  });

  describe('with a workflow', () => {
    let stack: Stack;
    let workflowTemplate: Template;
    beforeAll(() => {
      const directory = mkdtempSync(path.join(tmpdir(), 'p06-asl-'));
      writeFileSync(
        path.join(directory, 'register-birth.asl.json'),
        JSON.stringify({
          StartAt: 'CheckHealth',
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, filled by definitionSubstitutions
          States: { CheckHealth: { Type: 'Task', Resource: '${HealthFunctionArn}', End: true } },
        }),
      );
      const app = testApp({}, { bundle: false });
      stack = new NationalServicesStack(app, 'Services', {
        env: { region: 'ap-southeast-1' },
        functions: FUNCTIONS,
        routes: ROUTES,
        tables: TABLES,
        workflows: [
          {
            id: 'RegisterBirth',
            definitionFile: 'register-birth.asl.json',
            taskFunctions: { HealthFunctionArn: 'Health' },
          },
        ],
        stateMachinesDirectory: directory,
      });
      workflowTemplate = Template.fromStack(stack);
    });

    it('creates a standard state machine from the ASL file, its placeholders filled with function ARNs', () => {
      workflowTemplate.hasResourceProperties('AWS::StepFunctions::StateMachine', {
        StateMachineType: 'STANDARD',
        TracingConfiguration: { Enabled: true },
        LoggingConfiguration: {
          Level: 'ALL',
          IncludeExecutionData: true,
          Destinations: [
            {
              CloudWatchLogsLogGroup: {
                LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^RegisterBirthLogs'), 'Arn'] },
              },
            },
          ],
        },
        DefinitionSubstitutions: { HealthFunctionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Health'), 'Arn'] } },
      });
      workflowTemplate.hasResourceProperties('AWS::Logs::LogGroup', {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] },
      });
    });

    it('lets the state machine invoke its task functions', () => {
      workflowTemplate.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^RegisterBirthRole') }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Action: 'lambda:InvokeFunction',
              Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Health'), 'Arn'] }]),
            }),
          ]),
        },
      });
    });

    it('passes cdk-nag with its acknowledgements', () => {
      expect(nagFindings(stack)).toEqual([]);
    });
  });
});
