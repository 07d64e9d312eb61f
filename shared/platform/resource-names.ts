/**
 * Names of the AWS resources that handlers address by name (queues in the province stacks, state machines in
 * the national services stack). infra/topology.ts uses the same functions, so the names cannot drift.
 */
export const PROJECT_PREFIX = 'p06';

export const intakeQueueName = (provinceCode: string): string => `${PROJECT_PREFIX}-intake-${provinceCode}`;
export const intakeDlqName = (provinceCode: string): string => `${PROJECT_PREFIX}-intake-${provinceCode}-dlq`;
export const stateMachineName = (workflowId: string): string => `${PROJECT_PREFIX}-${workflowId}`;
