/**
 * One topology, two targets: what `cdk synth` would deploy and what the running local cloud exposes are the
 * same set of tables, routes, province queues and state machines.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, ListRulesCommand } from '@aws-sdk/client-eventbridge';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ROUTES } from '../../../infra/topology.ts';
import { PROVINCE_CODES } from '../../../shared/domain/admin-units/provinces.ts';
import { type TemplateInventory, templateInventory } from '../../infra/template-inventory.ts';

const config = { region: 'ap-southeast-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

describe('the synthesized templates and the local cloud', () => {
  let cdk: TemplateInventory;
  beforeAll(async () => {
    cdk = await templateInventory([...PROVINCE_CODES]);
  }, 240_000);

  it('have the same tables', async () => {
    const { TableNames = [] } = await new DynamoDBClient({ ...config, endpoint: inject('dynamoDbEndpoint') }).send(
      new ListTablesCommand({}),
    );
    expect([...TableNames].sort()).toEqual([...cdk.tables].sort());
  });

  it('have the same province intake queues and DLQs', async () => {
    const { QueueUrls = [] } = await new SQSClient({ ...config, endpoint: inject('awsEndpoint') }).send(
      new ListQueuesCommand({ QueueNamePrefix: 'p06-', MaxResults: 1000 }),
    );
    const local = QueueUrls.map((url) => url.split('/').pop() as string).sort();
    expect(local).toEqual([...cdk.queues, ...cdk.dlqs].sort());
  });

  it('have the same state machines', async () => {
    const { stateMachines = [] } = await new SFNClient({ ...config, endpoint: inject('awsEndpoint') }).send(
      new ListStateMachinesCommand({}),
    );
    expect(stateMachines.map((m) => m.name).sort()).toEqual([...cdk.stateMachines].sort());
  });

  it('have the same life-event rules on the bus, with the same patterns', async () => {
    const { Rules = [] } = await new EventBridgeClient({ ...config, endpoint: inject('awsEndpoint') }).send(
      new ListRulesCommand({ EventBusName: 'p06-life-events' }),
    );
    const local = Rules.map((rule) => `${rule.Name} ${JSON.stringify(JSON.parse(rule.EventPattern ?? '{}'))}`).sort();
    expect(local).toEqual([...cdk.busRules].sort());
    expect(local.length).toBeGreaterThan(0);
  });

  it('serve every route the API declares, and only those', async () => {
    const api = inject('apiUrl');
    for (const route of cdk.routes) {
      const [method, path] = route.split(' ') as [string, string];
      // ANY is API Gateway's wildcard, not an HTTP method: probe it with GET.
      const response = await fetch(`${api}${path.replace(/\{[^}]+\}/g, 'x')}`, {
        method: method === 'ANY' ? 'GET' : method,
      });
      await response.arrayBuffer();
      // The local API Gateway stamps a request ID only when a route matched and a handler ran.
      expect(response.headers.get('x-amzn-requestid'), `${route} is not served locally`).not.toBeNull();
    }
    const local = ROUTES.map((r) => `${r.method} ${r.path}`).sort();
    expect(local).toEqual([...cdk.routes].sort());
    const unknown = await fetch(`${api}/v1/not-a-route`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('x-amzn-requestid')).toBeNull();
  });
});
