import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { AUTO_APPROVAL_FILE, NationalServicesStack } from '../../../infra/stacks/national-services-stack.ts';
import { buildPlatform } from '../../../infra/stacks/platform-app.ts';
import {
  FUNCTIONS,
  type FunctionSpec,
  INTAKE_CONSUMER_FUNCTION_ID,
  NESTED_STACK_NAMES,
  ROUTES,
  rateExpression,
  SCHEDULES,
  stateMachineName,
  TABLES,
  WORKFLOWS,
} from '../../../infra/topology.ts';
import { BEARER_REALM } from '../../../shared/auth/bearer-challenge.ts';
import { nagFindings, synthPlatform, testApp } from '../synth.ts';

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type CfnFunction = { Properties: { Environment: { Variables: Record<string, unknown> } } };

/** Every statement of the policies attached to the role of the function with this topology ID. */
const statementsOf = (template: Template, functionId: string): Statement[] => {
  const policies = template.findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp(`^${functionId}ServiceRole[0-9A-F]{8}$`) }] },
  });
  return Object.values(policies).flatMap(
    (p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
  );
};
const actionsOf = (statements: Statement[]): string[] => statements.flatMap((s) => [s.Action].flat());

/** The logical ID of the function with this topology ID. */
const functionLogicalId = (template: Template, functionId: string): string => {
  const ids = Object.keys(
    template.findResources('AWS::Lambda::Function', {
      Properties: {
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${functionId}LogGroup[0-9A-F]{8}$`) } },
      },
    }),
  );
  if (ids.length !== 1) throw new Error(`${ids.length} functions ${functionId}`);
  return ids[0] as string;
};
const environmentOf = (template: Template, functionId: string): Record<string, unknown> =>
  (template.toJSON().Resources[functionLogicalId(template, functionId)] as CfnFunction).Properties.Environment
    .Variables;

/** `arn:<partition>:states:ap-southeast-1:<account>:<rest>`, as CDK renders an ARN built from a name. */
const statesArn = (rest: string) => ({
  'Fn::Join': [
    '',
    ['arn:', { Ref: 'AWS::Partition' }, ':states:ap-southeast-1:', { Ref: 'AWS::AccountId' }, `:${rest}`],
  ],
});

/** Functions of the national services stack: every topology function but the province intake consumer. */
const NATIONAL_FUNCTIONS: readonly FunctionSpec[] = FUNCTIONS.filter((f) => f.id !== INTAKE_CONSUMER_FUNCTION_ID);
const TASK_FUNCTION_IDS: ReadonlySet<string> = new Set(WORKFLOWS.flatMap((w) => Object.values(w.taskFunctions)));

describe('NationalServicesStack', () => {
  /** The stack's own template, and its nested stacks' by name (the catalogue's services, the e-ID accounts). */
  let template: Template;
  const nestedTemplates = new Map<string, Template>();
  const nestedOf = (name: string): Template => {
    const found = nestedTemplates.get(name);
    if (!found) throw new Error(`No nested stack ${name}`);
    return found;
  };
  const nestedName = (functionId: string) =>
    (NATIONAL_FUNCTIONS.find((f) => f.id === functionId) as FunctionSpec | undefined)?.nestedStack;
  /** The template that holds the function with this topology ID. */
  const templateFor = (functionId: string): Template => {
    const name = nestedName(functionId);
    return name ? nestedOf(name) : template;
  };
  beforeAll(() => {
    const services = synthPlatform({}, { bundle: false }).national.services;
    template = Template.fromStack(services);
    for (const name of NESTED_STACK_NAMES) {
      const stack = services.nestedStacks.get(name);
      if (!stack) throw new Error(`No nested stack ${name}`);
      nestedTemplates.set(name, Template.fromStack(stack));
    }
  });

  describe('functions', () => {
    it('creates one function per topology function but the province consumer, each Node.js 24 on arm64 with X-Ray active', () => {
      const functions = {
        ...template.findResources('AWS::Lambda::Function'),
        ...Object.assign({}, ...[...nestedTemplates.values()].map((t) => t.findResources('AWS::Lambda::Function'))),
      };
      expect(Object.keys(functions)).toHaveLength(NATIONAL_FUNCTIONS.length);
      for (const name of NESTED_STACK_NAMES) {
        expect(Object.keys(nestedOf(name).findResources('AWS::Lambda::Function'))).toHaveLength(
          NATIONAL_FUNCTIONS.filter((f) => (f as FunctionSpec).nestedStack === name).length,
        );
      }
      for (const fn of Object.values(functions) as { Properties: Record<string, unknown> }[]) {
        expect(fn.Properties).toMatchObject({
          Runtime: 'nodejs24.x',
          Architectures: ['arm64'],
          TracingConfig: { Mode: 'Active' },
          Handler: 'index.handler',
        });
      }
    });

    it('keeps the catalogue services in a nested stack, with API invoke permissions beside their methods', () => {
      const inNested = NATIONAL_FUNCTIONS.filter((f) => (f as FunctionSpec).nestedStack !== undefined);
      expect(inNested.length).toBeGreaterThan(0);
      for (const spec of inNested) {
        const name = (spec as FunctionSpec).nestedStack as string;
        nestedOf(name).hasResourceProperties('AWS::Lambda::Function', { Description: spec.description });
        template.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
          FunctionName: {
            'Fn::GetAtt': [
              Match.stringLikeRegexp(`^${name}NestedStack`),
              Match.stringLikeRegexp(`^Outputs\\.\\w*${spec.id}\\w*Arn$`),
            ],
          },
        });
      }
      // CloudFormation refuses a stack of more than 500 resources; keep room for the next features.
      expect(Object.keys(template.toJSON().Resources).length).toBeLessThan(500);
    });

    it('leaves the province intake consumer to the province stacks', () => {
      expect(NATIONAL_FUNCTIONS).toHaveLength(FUNCTIONS.length - 1);
      template.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        { Description: FUNCTIONS.find((f) => f.id === INTAKE_CONSUMER_FUNCTION_ID)?.description },
        0,
      );
    });

    it.each(NATIONAL_FUNCTIONS.map((f) => [f.id, f] as const))('sizes %s from its spec', (id, spec) => {
      templateFor(id).hasResourceProperties('AWS::Lambda::Function', {
        Description: spec.description,
        MemorySize: 'memoryMb' in spec ? spec.memoryMb : 512,
        Timeout: 'timeoutSeconds' in spec ? spec.timeoutSeconds : 10,
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp(`^${id}LogGroup`) } },
      });
    });

    it('gives every function its own encrypted log group kept three months', () => {
      const inNested = NATIONAL_FUNCTIONS.filter((f) => (f as FunctionSpec).nestedStack).length;
      template.resourcePropertiesCountIs(
        'AWS::Logs::LogGroup',
        { RetentionInDays: 90, KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] } },
        NATIONAL_FUNCTIONS.length - inNested + 2 + WORKFLOWS.length, // + API access and execution logs, state machines
      );
      // The nested stacks' groups use the same key, passed in as a parameter.
      for (const name of NESTED_STACK_NAMES) {
        nestedOf(name).resourcePropertiesCountIs(
          'AWS::Logs::LogGroup',
          { RetentionInDays: 90, KmsKeyId: { Ref: Match.stringLikeRegexp('LogsKey') } },
          NATIONAL_FUNCTIONS.filter((f) => (f as FunctionSpec).nestedStack === name).length,
        );
      }
      expect(inNested).toBeGreaterThan(0);
    });

    it('lets the statistics function read the Population table and nothing else', () => {
      const statements = statementsOf(template, 'GetPopulationStatistics');
      const dynamodb = statements.filter((s) => actionsOf([s]).some((a) => a.startsWith('dynamodb:')));
      expect(JSON.stringify(dynamodb.map((s) => s.Resource))).toContain('table/p06-Population');
      for (const table of TABLES.filter((t) => t.id !== 'Population')) {
        expect(JSON.stringify(statements)).not.toContain(`table/p06-${table.id}`);
      }
      const writes = actionsOf(statements.filter((s) => s.Effect === 'Allow')).filter((a) =>
        /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)|^kms:(Encrypt|GenerateDataKey|ReEncrypt)/.test(a),
      );
      expect(writes).toEqual([]);
    });

    it('hands each function the names of exactly the tables it may use', () => {
      for (const spec of NATIONAL_FUNCTIONS) {
        const fn = Object.values(
          templateFor(spec.id).findResources('AWS::Lambda::Function', {
            Properties: { Description: spec.description },
          }),
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

    it.each(NATIONAL_FUNCTIONS.filter((f) => f.leadingKeys?.Identity).map((f) => [f.id, f] as const))(
      'confines %s to the Identity items of its declared key prefixes (dynamodb:LeadingKeys), never Scan or an index',
      (id, spec) => {
        const declared: FunctionSpec = spec;
        const onIdentity = statementsOf(templateFor(id), id).filter((s) =>
          JSON.stringify(s.Resource).includes('p06-Identity'),
        );
        expect(onIdentity).toHaveLength(1);
        const [statement] = onIdentity;
        expect(statement?.Resource).toEqual(
          expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([':table/p06-Identity'])] }),
        );
        expect(statement?.Condition).toEqual({
          'ForAllValues:StringLike': {
            'dynamodb:LeadingKeys': (declared.leadingKeys?.Identity ?? []).map((prefix) => `${prefix}*`),
          },
        });
        expect(actionsOf(onIdentity).filter((a) => /Scan|DescribeTable|GetRecords|GetShardIterator/.test(a))).toEqual(
          [],
        );
      },
    );

    it.each(NATIONAL_FUNCTIONS.filter((f) => (f as FunctionSpec).tables?.Population).map((f) => [f.id] as const))(
      'denies %s every action that deletes a Population item, whatever it is allowed',
      (id) => {
        const denials = statementsOf(templateFor(id), id).filter(
          (s) => s.Effect === 'Deny' && JSON.stringify(s.Resource).includes('p06-Population'),
        );
        expect(denials).toHaveLength(1);
        expect(actionsOf(denials).sort()).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem']);
        expect(JSON.stringify(denials[0]?.Resource)).not.toContain('*');
      },
    );

    it('narrows every outbox writer except the e-ID provider itself', () => {
      const writers = NATIONAL_FUNCTIONS.filter((f) => {
        const declared: FunctionSpec = f;
        return declared.tables?.Identity === 'readWrite';
      });
      const unconfined = writers.filter((f) => !(f as FunctionSpec).leadingKeys?.Identity).map((f) => f.id);
      expect(unconfined).toEqual(['OidcProvider']);
    });

    it('gives no function a managed policy: each role writes to its own log group only', () => {
      const lambdaRoles = (t: Template) =>
        t.findResources('AWS::IAM::Role', {
          Properties: { AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] } },
        });
      const roles = Object.assign(lambdaRoles(template), ...[...nestedTemplates.values()].map(lambdaRoles));
      expect(Object.keys(roles)).toHaveLength(NATIONAL_FUNCTIONS.length);
      for (const role of Object.values(roles) as { Properties: Record<string, unknown> }[]) {
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });
  });

  describe('PIN serial key', () => {
    const pinSecret = (): [string, { Properties: Record<string, unknown>; DeletionPolicy: string }] => {
      const entry = Object.entries(template.findResources('AWS::SecretsManager::Secret')).find(([k]) =>
        k.startsWith('PinSerialKey'),
      );
      if (!entry) throw new Error('no PIN serial key secret in the template');
      return entry as [string, { Properties: Record<string, unknown>; DeletionPolicy: string }];
    };

    it('is generated once by CloudFormation, retained, and encrypted with its own customer-managed key', () => {
      const [, secret] = pinSecret();
      expect(secret.DeletionPolicy).toBe('Retain');
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
      expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^PinSerialKeyKey/), 'Arn'] });
    });

    /** The functions named the secret, and the ones whose policy reads it, in `stack`'s templates. */
    const issuersIn = (main: Template, templateOfFunction: (functionId: string) => Template) => {
      const [id] = Object.keys(main.findResources('AWS::SecretsManager::Secret')).filter((k) =>
        k.startsWith('PinSerialKey'),
      );
      const functions = main.findResources('AWS::Lambda::Function') as Record<
        string,
        { Properties: { Environment: { Variables: Record<string, unknown> } } }
      >;
      const named = Object.entries(functions)
        .filter(([, fn]) => fn.Properties.Environment.Variables.PIN_SERIAL_KEY_SECRET_ARN !== undefined)
        .map(([fnId, fn]) => ({ fnId, value: fn.Properties.Environment.Variables.PIN_SERIAL_KEY_SECRET_ARN }));
      for (const { value } of named) expect(value).toEqual({ Ref: id });
      const readers = NATIONAL_FUNCTIONS.filter((spec) =>
        JSON.stringify(statementsOf(templateOfFunction(spec.id), spec.id)).includes(String(id)),
      ).map((spec) => spec.id);
      return { named: named.map(({ fnId }) => fnId), readers };
    };

    it('is named to and readable by the functions that issue PINs only', () => {
      // The reviewed configuration auto-approves no birth registration: only an officer's approval (group 17's
      // RegisterBirth, service 14) issues a PIN.
      const { named, readers } = issuersIn(template, templateFor);
      expect(readers).toEqual(['DecideOfficerTask']);
      expect(named).toEqual([expect.stringMatching(/^DecideOfficerTask/)]);
    });

    it("is also readable by the group's step task where a province auto-approves birth registrations", () => {
      const services = synthPlatform(
        { autoApproval: JSON.stringify({ '01': ['RegisterBirth'], '*': [] }) },
        { bundle: false },
      ).national.services;
      const main = Template.fromStack(services);
      const nested = new Map(
        NESTED_STACK_NAMES.map((name) => [name, Template.fromStack(services.nestedStacks.get(name) as never)]),
      );
      const { named, readers } = issuersIn(main, (fnId) => {
        const name = nestedName(fnId);
        return name ? (nested.get(name) as Template) : main;
      });
      expect(readers.sort()).toEqual(['DecideOfficerTask', 'OpenDossierStep']);
      expect(named).toHaveLength(2);
    });
  });

  describe("the edge secret (the portal distribution vouching for viewers' addresses)", () => {
    it('is generated by CloudFormation and readable by the sign-in counters only', () => {
      const entry = Object.entries(template.findResources('AWS::SecretsManager::Secret')).find(([k]) =>
        k.startsWith('EdgeSecret'),
      );
      if (!entry) throw new Error('no edge secret in the template');
      const [, secret] = entry as [string, { Properties: Record<string, unknown> }];
      expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
      // In the Accounts nested stack the ARN arrives as a parameter named after the secret (`…EdgeSecret…Ref`).
      const readers = NATIONAL_FUNCTIONS.filter((spec) =>
        JSON.stringify(statementsOf(templateFor(spec.id), spec.id)).includes('EdgeSecret'),
      ).map((spec) => spec.id);
      expect(readers.sort()).toEqual(['ChangePassword', 'ConfirmPasswordReset', 'OidcProvider']);
      expect(
        NATIONAL_FUNCTIONS.filter((spec) => spec.countsSignInFailures)
          .map((spec) => spec.id)
          .sort(),
      ).toEqual(readers.sort());
    });
  });

  describe('e-ID signing keys', () => {
    const secretRef = (): { Ref: string } => {
      const [id] = Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter((k) =>
        k.startsWith('SigningKeys'),
      );
      if (!id) throw new Error('no signing-key secret in the template');
      return { Ref: id };
    };

    it('keeps them in one retained secret, created empty and encrypted with a rotating customer-managed key', () => {
      const secrets = template.findResources('AWS::SecretsManager::Secret');
      expect(Object.keys(secrets).filter((k) => k.startsWith('SigningKeys'))).toHaveLength(1);
      const [secret] = Object.values({ [secretRef().Ref]: secrets[secretRef().Ref] }) as {
        Properties: Record<string, unknown>;
        DeletionPolicy: string;
      }[];
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
      for (const spec of NATIONAL_FUNCTIONS.filter((f) => f.id !== 'OidcProvider')) {
        const statements = JSON.stringify(statementsOf(templateFor(spec.id), spec.id));
        expect(statements, spec.id).not.toContain(secretRef().Ref);
        expect(statements, spec.id).not.toMatch(/SigningKeysKey/);
        if (!('issuesPins' in spec) && !('usesPaymentGateway' in spec) && !('countsSignInFailures' in spec)) {
          expect(statements, spec.id).not.toMatch(/secretsmanager:/);
        }
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
                Match.arrayWith([
                  (NATIONAL_FUNCTIONS.find((f) => f.id === route.functionId) as FunctionSpec | undefined)?.nestedStack
                    ? // A nested stack's function: its ARN is an output of the nested stack.
                      {
                        'Fn::GetAtt': [
                          Match.stringLikeRegexp(`^${nestedName(route.functionId)}NestedStack`),
                          Match.stringLikeRegexp(`^Outputs\\.\\w*${route.functionId}\\w*Arn$`),
                        ],
                      }
                    : { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${route.functionId}`), 'Arn'] },
                ]),
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

    it("answers the authorizer's refusals as {message}, a 401 with a Bearer challenge (RFC 6750)", () => {
      template.resourceCountIs('AWS::ApiGateway::GatewayResponse', 2);
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        RestApiId: { Ref: Match.stringLikeRegexp('^Api') },
        ResponseType: 'UNAUTHORIZED',
        StatusCode: '401',
        ResponseParameters: { 'gatewayresponse.header.WWW-Authenticate': `'Bearer realm="${BEARER_REALM}"'` },
        ResponseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
      });
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: 'ACCESS_DENIED',
        StatusCode: '403',
        ResponseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
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

  describe('procedure groups', () => {
    const stateMachineLogicalId = (workflowId: string): string => {
      const ids = Object.keys(
        template.findResources('AWS::StepFunctions::StateMachine', {
          Properties: { StateMachineName: stateMachineName(workflowId) },
        }),
      );
      if (ids.length !== 1) throw new Error(`${ids.length} state machines ${stateMachineName(workflowId)}`);
      return ids[0] as string;
    };
    const stateMachine = (workflowId: string) =>
      template.toJSON().Resources[stateMachineLogicalId(workflowId)] as {
        Properties: {
          DefinitionString: string;
          DefinitionSubstitutions: Record<string, unknown>;
          RoleArn: { 'Fn::GetAtt': [string, string] };
        };
      };

    it('creates one standard state machine per workflow, named as the handlers address it', () => {
      template.resourceCountIs('AWS::StepFunctions::StateMachine', WORKFLOWS.length);
      for (const workflow of WORKFLOWS) {
        expect(stateMachineName(workflow.id)).toBe(`p06-${workflow.id}`);
        template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
          StateMachineName: `p06-${workflow.id}`,
          StateMachineType: 'STANDARD',
          TracingConfiguration: { Enabled: true },
          LoggingConfiguration: {
            Level: 'ALL',
            IncludeExecutionData: true,
            Destinations: [
              {
                CloudWatchLogsLogGroup: {
                  LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${workflow.id}Logs`), 'Arn'] },
                },
              },
            ],
          },
        });
      }
    });

    it.each(WORKFLOWS.map((w) => [w.id, w] as const))(
      'fills every placeholder of %s with the ARN of its task function, inline in the template',
      (_id, workflow) => {
        const { Properties } = stateMachine(workflow.id);
        const file = readFileSync(path.resolve('statemachines', workflow.definitionFile), 'utf8');
        expect(Properties.DefinitionString).toBe(file);
        const placeholders = [...new Set([...file.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
        expect(Object.keys(Properties.DefinitionSubstitutions).sort()).toEqual(placeholders);
        for (const [placeholder, functionId] of Object.entries(workflow.taskFunctions)) {
          expect(Properties.DefinitionSubstitutions[placeholder], placeholder).toEqual({
            'Fn::GetAtt': [functionLogicalId(template, functionId), 'Arn'],
          });
        }
        // What CloudFormation will substitute: nothing is left unfilled, and the result is valid JSON.
        const substituted = Object.keys(Properties.DefinitionSubstitutions).reduce(
          (definition, name) =>
            definition.replaceAll(`\${${name}}`, `arn:aws:lambda:ap-southeast-1:1:function:${name}`),
          Properties.DefinitionString,
        );
        expect(substituted).not.toContain('${');
        expect(() => JSON.parse(substituted)).not.toThrow();
      },
    );

    it.each(WORKFLOWS.map((w) => [w.id, w] as const))('lets %s invoke exactly its task functions', (_id, workflow) => {
      const role = stateMachine(workflow.id).Properties.RoleArn['Fn::GetAtt'][0];
      const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } });
      const statements = Object.values(policies).flatMap(
        (p) =>
          (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement,
      );
      const invoked = statements
        .filter((s) => actionsOf([s]).includes('lambda:InvokeFunction'))
        .flatMap((s) => [s.Resource].flat())
        .map((resource) => JSON.stringify(resource).match(/"Fn::GetAtt":\["(\w+)","Arn"\]/)?.[1]);
      const expected = [...new Set(Object.values(workflow.taskFunctions))].map((id) => functionLogicalId(template, id));
      expect([...new Set(invoked)].sort()).toEqual(expected.sort());
      expect(actionsOf(statements).filter((a) => a.startsWith('lambda:'))).toEqual(
        expected.map(() => 'lambda:InvokeFunction'),
      );
    });

    it.each(NATIONAL_FUNCTIONS.map((f) => [f.id, f] as const))(
      'gives %s exactly the Step Functions actions its workflowAccess declares',
      (id, spec) => {
        const statements = statementsOf(templateFor(id), id).filter((s) =>
          actionsOf([s]).some((a) => a.startsWith('states:') && a !== 'states:ListStateMachines'),
        );
        const access = spec.workflowAccess ?? [];
        const expected: Statement[] = [
          ...(access.includes('start')
            ? [
                {
                  Sid: 'StartProcedureGroupExecutions',
                  Effect: 'Allow',
                  Action: 'states:StartExecution',
                  Resource: WORKFLOWS.map((w) => statesArn(`stateMachine:p06-${w.id}`)),
                },
              ]
            : []),
          ...(access.includes('callback')
            ? [
                {
                  Sid: 'AnswerWaitingSteps',
                  Effect: 'Allow',
                  Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
                  Resource: WORKFLOWS.map((w) => statesArn(`stateMachine:p06-${w.id}`)),
                },
              ]
            : []),
          ...(access.includes('stop')
            ? [
                {
                  Sid: 'StopProcedureGroupExecutions',
                  Effect: 'Allow',
                  Action: 'states:StopExecution',
                  Resource: WORKFLOWS.map((w) => statesArn(`execution:p06-${w.id}:*`)),
                },
              ]
            : []),
        ];
        expect(statements).toEqual(expected);
      },
    );

    it('lets exactly the callback functions answer waiting steps, and RevokeDeathRegistration stop a death group', () => {
      const answering = NATIONAL_FUNCTIONS.filter((f) =>
        actionsOf(statementsOf(templateFor(f.id), f.id)).includes('states:SendTaskSuccess'),
      ).map((f) => f.id);
      expect(answering.sort()).toEqual(['DecideOfficerTask', 'OpenDossierStep']);
      const stopping = NATIONAL_FUNCTIONS.filter((f) =>
        actionsOf(statementsOf(templateFor(f.id), f.id)).includes('states:StopExecution'),
      ).map((f) => f.id);
      expect(stopping).toEqual(['RevokeDeathRegistration']);
      expect(JSON.stringify(statementsOf(template, 'RevokeDeathRegistration'))).toContain(
        ':execution:p06-DeathGroup:*',
      );
    });

    it.each(NATIONAL_FUNCTIONS.map((f) => [f.id, f] as const))(
      'lets %s send to the intake queues only if it declares sendsToIntakeQueues, never to a DLQ',
      (id, spec) => {
        const statements = statementsOf(templateFor(id), id);
        const sends = statements.filter((s) => actionsOf([s]).some((a) => /^sqs:(Send|Delete|Receive|Purge)/.test(a)));
        const kms = statements.filter((s) => s.Sid === 'EncryptIntakeMessagesWithProvinceKeys');
        if (!spec.sendsToIntakeQueues) {
          expect(sends).toEqual([]);
          expect(kms).toEqual([]);
          expect(environmentOf(templateFor(id), id)).not.toHaveProperty('INTAKE_QUEUE_URL_PREFIX');
          return;
        }
        expect(sends).toEqual([
          {
            Sid: 'SendToProvinceIntakeQueues',
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: {
              'Fn::Join': [
                '',
                [
                  'arn:',
                  { Ref: 'AWS::Partition' },
                  ':sqs:ap-southeast-1:',
                  { Ref: 'AWS::AccountId' },
                  ':p06-intake-??',
                ],
              ],
            },
          },
        ]);
        expect(kms).toEqual([
          expect.objectContaining({
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Condition: {
              StringEquals: { 'kms:ViaService': 'sqs.ap-southeast-1.amazonaws.com' },
              'ForAnyValue:StringLike': { 'kms:ResourceAliases': 'alias/p06-province-*' },
            },
          }),
        ]);
        expect(JSON.stringify(kms[0]?.Resource)).toContain(':key/*');
        expect(environmentOf(templateFor(id), id).INTAKE_QUEUE_URL_PREFIX).toEqual({
          'Fn::Join': [
            '',
            ['https://sqs.ap-southeast-1.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'AWS::AccountId' }, '/'],
          ],
        });
      },
    );

    it.each(NATIONAL_FUNCTIONS.map((f) => [f.id, f] as const))(
      'hands %s the procedure-group variables its spec declares',
      (id, spec) => {
        const variables = environmentOf(templateFor(id), id);
        if (spec.workflowAccess || TASK_FUNCTION_IDS.has(id)) {
          expect(variables.STATE_MACHINE_ARN_PREFIX).toEqual(statesArn('stateMachine:'));
        } else {
          expect(variables).not.toHaveProperty('STATE_MACHINE_ARN_PREFIX');
        }
        if (spec.usesDossierConfig) {
          expect(variables.ONBOARDED_PROVINCES).toBe('01,37');
          expect(variables.AUTO_APPROVAL).toBe(readFileSync(AUTO_APPROVAL_FILE, 'utf8').trim());
        } else {
          expect(variables).not.toHaveProperty('ONBOARDED_PROVINCES');
          expect(variables).not.toHaveProperty('AUTO_APPROVAL');
        }
      },
    );

    it.each(WORKFLOWS.map((w) => [w.id] as const))(
      'alarms when an execution of %s fails or times out, on the alarm topic',
      (workflowId) => {
        for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
          template.hasResourceProperties('AWS::CloudWatch::Alarm', {
            Namespace: 'AWS/States',
            MetricName: metricName,
            Dimensions: [{ Name: 'StateMachineArn', Value: { Ref: stateMachineLogicalId(workflowId) } }],
            Statistic: 'Sum',
            Period: 300,
            EvaluationPeriods: 1,
            ComparisonOperator: 'GreaterThanThreshold',
            Threshold: 0,
            TreatMissingData: 'notBreaching',
            AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
            OKActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
          });
        }
      },
    );

    it('sends alarms to an encrypted, TLS-only topic that CloudWatch may publish to', () => {
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.hasResourceProperties('AWS::SNS::Topic', {
        KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LogsKey'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
          ]),
        },
      });
    });

    it.each(SCHEDULES.map((s) => [s.functionId, s.everyMinutes] as const))(
      'runs %s every %i min from an EventBridge rule, and alarms when a run fails',
      (functionId, everyMinutes) => {
        const fn = functionLogicalId(template, functionId);
        const rules = template.findResources('AWS::Events::Rule', {
          Properties: { Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] } })] },
        });
        expect(Object.values(rules)).toEqual([
          expect.objectContaining({
            Type: 'AWS::Events::Rule',
            Properties: expect.objectContaining({
              ScheduleExpression: rateExpression(everyMinutes),
              State: 'ENABLED',
              Targets: [
                expect.objectContaining({
                  RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: everyMinutes * 60 },
                }),
              ],
            }),
          }),
        ]);
        template.hasResourceProperties('AWS::Lambda::Permission', {
          Action: 'lambda:InvokeFunction',
          FunctionName: { 'Fn::GetAtt': [fn, 'Arn'] },
          Principal: 'events.amazonaws.com',
          SourceArn: { 'Fn::GetAtt': [Object.keys(rules)[0], 'Arn'] },
        });
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn } }],
          Threshold: 0,
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^AlarmTopic') }],
        });
      },
    );

    it('creates no schedule the topology does not declare', () => {
      template.resourceCountIs('AWS::Events::Rule', SCHEDULES.length);
    });
  });

  describe('auto-approval', () => {
    it('takes AUTO_APPROVAL from context autoApproval', () => {
      const { national } = synthPlatform({ autoApproval: '{"79":["RegisterBirth"]}' }, { bundle: false });
      Template.fromStack(national.services).hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ AUTO_APPROVAL: '{"79":["RegisterBirth"]}' }) },
      });
    });

    it('refuses an invalid configuration at synth, not at the first dossier', () => {
      expect(() => buildPlatform(testApp({ autoApproval: '{"79":["NoSuchStep"]}' }, { bundle: false }))).toThrow(
        /Context autoApproval is not a valid auto-approval configuration/,
      );
    });
  });

  describe('with a workflow whose definition and task functions disagree', () => {
    const build = (definition: object, taskFunctions: Record<string, string>) => {
      const directory = mkdtempSync(path.join(tmpdir(), 'p06-asl-'));
      writeFileSync(path.join(directory, 'register-birth.asl.json'), JSON.stringify(definition));
      return () =>
        new NationalServicesStack(testApp({}, { bundle: false }), 'Services', {
          env: { region: 'ap-southeast-1' },
          functions: NATIONAL_FUNCTIONS,
          routes: ROUTES,
          tables: TABLES,
          onboardedProvinces: ['01'],
          workflows: [
            { id: 'RegisterBirth', definitionFile: 'register-birth.asl.json', taskFunctions: taskFunctions as never },
          ],
          stateMachinesDirectory: directory,
        });
    };
    const definition = {
      StartAt: 'CheckHealth',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL placeholder, filled by definitionSubstitutions
      States: { CheckHealth: { Type: 'Task', Resource: '${HealthFunctionArn}', End: true } },
    };

    it('builds when every placeholder has a function, and passes cdk-nag', () => {
      const stack = build(definition, { HealthFunctionArn: 'Health' })();
      expect(nagFindings(stack)).toEqual([]);
    });

    it('refuses a placeholder without a function, or a function without a placeholder', () => {
      expect(build(definition, {})).toThrow(/placeholders without a function: HealthFunctionArn/);
      expect(build(definition, { HealthFunctionArn: 'Health', Other: 'Health' })).toThrow(
        /functions without a placeholder: Other/,
      );
    });
  });
});
