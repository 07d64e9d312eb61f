/** The province intake queues (`p06-intake-<province>`), reached through `INTAKE_QUEUE_URL_PREFIX`. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeMessage } from '../../dossiers/dossier.ts';
import type { IntakeQueuePort } from '../../dossiers/ports.ts';

export class SqsIntakeQueue implements IntakeQueuePort {
  /** `urlPrefix` ends with `/`: `https://sqs.<region>.amazonaws.com/<account>/` (or the local endpoint's). */
  constructor(
    private readonly client: SQSClient,
    private readonly urlPrefix: string,
    private readonly queueName: (provinceCode: string) => string,
  ) {}

  async send(provinceCode: string, message: IntakeMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: `${this.urlPrefix}${this.queueName(provinceCode)}`,
        MessageBody: JSON.stringify(message),
      }),
    );
  }
}
