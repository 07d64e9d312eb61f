/**
 * `npm run dossiers:resume -- --dossier ID [--from-step STEP] [--reason TEXT] [--operator NAME] [--endpoint URL |
 * --aws]`: takes a failed or refused procedure group up again from the step that failed (or an earlier one), as the
 * officers' `POST /v1/officer/dossiers/{id}/resumption` does, with the same guarantees (shared/dossiers/resume-group.ts):
 * approved steps are not applied again, a birth keeps its one PIN, and running the command again for the same
 * failure only makes sure the resumed execution runs.
 *
 * By default it talks to the local cloud (DynamoDB at AWS_ENDPOINT_URL_DYNAMODB, else
 * http://127.0.0.1:${DYNAMODB_PORT:-8000}; Step Functions at AWS_ENDPOINT_URL_SFN, else
 * http://127.0.0.1:${AWS_PORT:-4566}); `--aws` uses real DynamoDB and Step Functions with the ambient credentials and
 * region (needs dynamodb:GetItem/Query/TransactWriteItems on p06-Dossiers and PutItem on p06-Identity,
 * states:ListStateMachines and states:StartExecution). `--endpoint` sets one endpoint for both.
 * Exit codes: 0 resumed (or already resumed), 1 not resumable (the message says why) or AWS unreachable, 2 bad
 * arguments. The logic is `resumeWithClients`, which tests call with their own clients.
 */
import { userInfo } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListStateMachinesCommand, SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DossierStore } from '../../shared/adapters/dynamodb/dossier-store.ts';
import { StepFunctionsWorkflows } from '../../shared/adapters/step-functions/workflow-engine.ts';
import { DomainError } from '../../shared/domain/errors.ts';
import { GROUPS } from '../../shared/dossiers/catalogue.ts';
import { parseStepId, type ResumeResult, resumeDossier } from '../../shared/dossiers/resume-group.ts';
import { PROJECT_PREFIX, stateMachineName } from '../../shared/platform/resource-names.ts';

const LOCAL_REGION = 'ap-southeast-1';
const DEFAULT_REASON = 'resumed by the operators after the failure was fixed';

export interface ResumeCliOptions {
  readonly db: DynamoDBDocumentClient;
  readonly sfn: SFNClient;
  /** `Dossiers` and `Identity` locally, `p06-Dossiers` and `p06-Identity` in AWS. */
  readonly tables: { readonly dossiers: string; readonly identity: string };
  readonly dossierId: string;
  readonly fromStep?: string;
  readonly reason?: string;
  /** Recorded as `operator:<name>`. */
  readonly operator: string;
}

/** `arn:aws:states:<region>:<account>:stateMachine:`, read from the procedure groups' state machines themselves. */
const stateMachineArnPrefix = async (sfn: SFNClient): Promise<string> => {
  const wanted = stateMachineName(GROUPS['birth-group'].workflowId);
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 1000, nextToken }));
    const found = page.stateMachines?.find((m) => m.name === wanted);
    if (found?.stateMachineArn) return found.stateMachineArn.slice(0, -wanted.length);
    nextToken = page.nextToken;
  } while (nextToken);
  throw new Error(`No state machine ${wanted}: are the procedure groups deployed there?`);
};

/** Resumes one dossier through the same use case as the officers' route. */
export const resumeWithClients = async (options: ResumeCliOptions): Promise<ResumeResult> => {
  const fromStep = options.fromStep === undefined ? undefined : parseStepId(options.fromStep);
  const workflow = new StepFunctionsWorkflows(options.sfn, await stateMachineArnPrefix(options.sfn), stateMachineName);
  return resumeDossier({
    store: new DossierStore(options.db, options.tables.dossiers, options.tables.identity),
    workflow,
    now: () => new Date(),
  })(options.dossierId, {
    actor: `operator:${options.operator}`,
    reason: options.reason ?? DEFAULT_REASON,
    ...(fromStep ? { fromStep } : {}),
  });
};

class UsageError extends Error {}

const main = async (argv: readonly string[]): Promise<number> => {
  let db: DynamoDBDocumentClient | undefined;
  let sfn: SFNClient | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        dossier: { type: 'string' },
        'from-step': { type: 'string' },
        reason: { type: 'string' },
        operator: { type: 'string' },
        endpoint: { type: 'string' },
        aws: { type: 'boolean', default: false },
      },
    });
    if (!values.dossier) throw new UsageError('--dossier is required (e.g. --dossier HS01-20261123-7K3M9Q2XAB).');
    const local = {
      region: process.env.AWS_REGION ?? LOCAL_REGION,
      credentials: {
        accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
        secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      },
    };
    db = DynamoDBDocumentClient.from(
      values.aws
        ? new DynamoDBClient({})
        : new DynamoDBClient({
            ...local,
            endpoint:
              values.endpoint ??
              process.env.AWS_ENDPOINT_URL_DYNAMODB ??
              `http://127.0.0.1:${process.env.DYNAMODB_PORT ?? '8000'}`,
          }),
    );
    sfn = values.aws
      ? new SFNClient({})
      : new SFNClient({
          ...local,
          endpoint:
            values.endpoint ?? process.env.AWS_ENDPOINT_URL_SFN ?? `http://127.0.0.1:${process.env.AWS_PORT ?? '4566'}`,
        });
    const result = await resumeWithClients({
      db,
      sfn,
      tables: values.aws
        ? { dossiers: `${PROJECT_PREFIX}-Dossiers`, identity: `${PROJECT_PREFIX}-Identity` }
        : { dossiers: 'Dossiers', identity: 'Identity' },
      dossierId: values.dossier,
      ...(values['from-step'] ? { fromStep: values['from-step'] } : {}),
      ...(values.reason ? { reason: values.reason } : {}),
      operator: values.operator ?? process.env.USER ?? userInfo().username,
    });
    console.log(
      `${result.dossierId}: ${result.alreadyResumed ? 'already resumed' : 'resumed'} from ${result.resumption.fromStep} (resumption ${result.resumption.count}, execution ${result.executionName})`,
    );
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    if (error instanceof UsageError || (error instanceof DomainError && error.httpStatus === 400)) return 2;
    return (error as Error).name === 'TypeError' ? 2 : 1;
  } finally {
    db?.destroy();
    sfn?.destroy();
  }
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
