import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { planProvinceWaves } from '../../../infra/stacks/pipeline-stack.ts';
import { PIPELINE_PLACEHOLDERS } from '../../../infra/stacks/platform-app.ts';
import { synthPlatform } from '../synth.ts';

interface PipelineStage {
  Name: string;
  Actions: { Name: string; ActionTypeId: { Category: string; Provider: string }; RunOrder: number }[];
}

describe('planProvinceWaves', () => {
  it('puts the pilot provinces in the first wave and the others in the second by default', () => {
    expect(planProvinceWaves(['01', '37', '48', '79'])).toEqual([
      ['01', '37'],
      ['48', '79'],
    ]);
  });

  it('makes one wave of the rest when no pilot province is onboarded', () => {
    expect(planProvinceWaves(['48', '79'])).toEqual([['48', '79']]);
  });

  it('follows provinceWaves in order', () => {
    expect(planProvinceWaves(['01', '37', '48', '79'], '79;01,37;48')).toEqual([['79'], ['01', '37'], ['48']]);
  });

  it('refuses a province in two waves, in no wave, or not onboarded', () => {
    expect(() => planProvinceWaves(['01', '37'], '01;01,37')).toThrow(/01 appear in more than one wave/);
    expect(() => planProvinceWaves(['01', '37', '79'], '01;37')).toThrow(/79 are in no wave/);
    expect(() => planProvinceWaves(['01'], '01;79')).toThrow(/79 are in provinceWaves but not onboarded/);
    expect(() => planProvinceWaves(['01'], '01;99')).toThrow(/Unknown province code\(s\): 99/);
  });
});

describe('PipelineStack', () => {
  let template: Template;
  let stages: PipelineStage[];
  beforeAll(() => {
    const { pipeline } = synthPlatform(
      { pipeline: 'true', provinces: '01,37,48,79', provinceWaves: '01,37;79,48' },
      { bundle: false },
    );
    if (!pipeline) throw new Error('pipeline=true built no pipeline');
    template = Template.fromStack(pipeline);
    const resource = Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0] as {
      Properties: { Stages: PipelineStage[] };
    };
    stages = resource.Properties.Stages;
  });

  it('is left out unless the context asks for it', () => {
    expect(synthPlatform({}, { bundle: false }).pipeline).toBeUndefined();
  });

  it('builds, updates itself, publishes assets, deploys the nation, then the provinces wave by wave', () => {
    expect(stages.map((stage) => stage.Name)).toEqual([
      'Source',
      'Build',
      'UpdatePipeline',
      'Assets',
      'National',
      'Provinces-1',
      'Provinces-2',
    ]);
  });

  it('deploys the national data stack before the national services stack', () => {
    const national = stages.find((stage) => stage.Name === 'National');
    const deploys = national?.Actions.filter((a) => a.Name.endsWith('.Deploy')).sort((a, b) => a.RunOrder - b.RunOrder);
    expect(deploys?.[0]?.Name).toBe('P06-NationalData.Deploy');
    // The services and the life-event feed both read the data stack's contract; they do not depend on each other.
    const later = deploys?.slice(1) ?? [];
    expect(later.map((a) => a.Name).sort()).toEqual(['P06-Feed.Deploy', 'P06-NationalServices.Deploy']);
    for (const deploy of later) expect(deploy.RunOrder).toBeGreaterThan(deploys?.[0]?.RunOrder ?? 0);
  });

  it('deploys the provinces of each wave in parallel, and waits for an approval before every later wave', () => {
    const deployed = (name: string) =>
      stages
        .find((stage) => stage.Name === name)
        ?.Actions.filter((a) => a.Name.endsWith('.Deploy'))
        .map((a) => a.Name.replace(/^Province-\d\d\./, ''))
        .sort();
    expect(deployed('Provinces-1')).toEqual(['P06-Province-01.Deploy', 'P06-Province-37.Deploy']);
    expect(deployed('Provinces-2')).toEqual(['P06-Province-48.Deploy', 'P06-Province-79.Deploy']);
    const approvals = (name: string) =>
      stages.find((stage) => stage.Name === name)?.Actions.filter((a) => a.ActionTypeId.Category === 'Approval');
    expect(approvals('Provinces-1')).toEqual([]);
    expect(approvals('Provinces-2')).toEqual([expect.objectContaining({ RunOrder: 1 })]);
    const secondWave = stages.find((stage) => stage.Name === 'Provinces-2');
    for (const deploy of secondWave?.Actions.filter((a) => a.ActionTypeId.Category === 'Deploy') ?? []) {
      expect(deploy.RunOrder).toBeGreaterThan(1);
    }
  });

  it('pulls the source through a CodeConnections connection', () => {
    const [source] = stages[0]?.Actions ?? [];
    expect(source).toMatchObject({
      ActionTypeId: { Provider: 'CodeStarSourceConnection' },
      Configuration: {
        ConnectionArn: PIPELINE_PLACEHOLDERS.connectionArn,
        FullRepositoryId: PIPELINE_PLACEHOLDERS.repository,
        BranchName: PIPELINE_PLACEHOLDERS.branch,
      },
    });
  });

  it('installs, tests and synthesizes with the context that rebuilds this very pipeline', () => {
    const synth = Object.values(
      template.findResources('AWS::CodeBuild::Project', {
        Properties: { Source: { BuildSpec: Match.stringLikeRegexp('npm ci') } },
      }),
    )[0] as { Properties: { Source: { BuildSpec: string }; EncryptionKey: unknown } };
    const commands = JSON.parse(synth.Properties.Source.BuildSpec).phases.build.commands as string[];
    expect(commands.slice(0, 2)).toEqual(['npm ci', 'npm test']);
    expect(commands[2]).toMatch(
      /^npx cdk synth --quiet -c pipeline=true -c provinces=01,37,48,79 -c provinceWaves='01,37;79,48' /,
    );
    expect(synth.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ArtifactKey/), 'Arn'] });
  });

  it('passes the e-ID issuer and the auto-approval configuration on to the synth it runs', () => {
    const { pipeline } = synthPlatform(
      { pipeline: 'true', oidcIssuer: 'https://id.example.vn', autoApproval: '{"79":["RegisterBirth"]}' },
      { bundle: false },
    );
    if (!pipeline) throw new Error('pipeline=true built no pipeline');
    const synth = Object.values(
      Template.fromStack(pipeline).findResources('AWS::CodeBuild::Project', {
        Properties: { Source: { BuildSpec: Match.stringLikeRegexp('npm ci') } },
      }),
    )[0] as { Properties: { Source: { BuildSpec: string } } };
    const command = (JSON.parse(synth.Properties.Source.BuildSpec).phases.build.commands as string[])[2];
    expect(command).toContain(' -c oidcIssuer=https://id.example.vn');
    expect(command).toContain(` -c autoApproval='{"79":["RegisterBirth"]}'`);
  });

  it('keeps artifacts in a KMS-encrypted, TLS-only bucket whose access is logged', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          Match.objectLike({ ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }) }),
        ],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^ArtifactAccessLogs') } },
    });
    template.resourcePropertiesCountIs(
      'AWS::S3::BucketPolicy',
      {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          ]),
        },
      },
      2,
    );
  });
});
