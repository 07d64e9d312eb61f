/**
 * An SMS gateway speaking Infobip's "Send SMS message" API (`POST {baseUrl}/sms/2/text/advanced`, JSON over HTTPS,
 * header `Authorization: App <API key>`), a common shape among SMS aggregators that serve Vietnamese carriers:
 *
 *   request  {"messages":[{"destinations":[{"to":"84912345678","messageId":"<our reference>"}],
 *              "from":"P06-eID","text":"…"}]}
 *   response {"bulkId":"…","messages":[{"messageId":"…","to":"84912345678",
 *              "status":{"groupId":1,"groupName":"PENDING","id":26,"name":"PENDING_ACCEPTED"}}]}
 *
 * Numbers travel without the `+`. A 2xx whose status group is REJECTED, and 4xx answers other than 429, are
 * permanent refusals; 429, 5xx and network failures are worth retrying. The local simulator
 * (infra/local/sms-simulator.ts) answers the same shape.
 */
import { SmsDeliveryError, type SmsGateway, type SmsMessage } from '../../identity/notifications.ts';

export interface InfobipOptions {
  /** e.g. `https://xxxxx.api.infobip.com`; locally the simulator's URL. */
  readonly baseUrl: string;
  readonly apiKey: string;
  /** The alphanumeric sender ID registered with the carriers (brandname). */
  readonly from: string;
  /** Per-request timeout. Default 5000 ms. */
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

interface InfobipResponse {
  readonly messages?: readonly {
    readonly messageId?: string;
    readonly status?: { readonly groupName?: string; readonly name?: string; readonly description?: string };
  }[];
  readonly requestError?: { readonly serviceException?: { readonly text?: string } };
}

export const SEND_PATH = '/sms/2/text/advanced';

export class InfobipSmsGateway implements SmsGateway {
  constructor(private readonly options: InfobipOptions) {}

  async send(message: SmsMessage): Promise<{ readonly messageId: string }> {
    const body = {
      messages: [
        {
          destinations: [{ to: message.to.replace(/^\+/, ''), messageId: message.reference }],
          from: this.options.from,
          text: message.text,
        },
      ],
    };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(new URL(SEND_PATH, this.options.baseUrl), {
        method: 'POST',
        headers: {
          authorization: `App ${this.options.apiKey}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
      });
    } catch (error) {
      throw new SmsDeliveryError(`SMS gateway unreachable: ${(error as Error).message}`, false);
    }
    const answer = (await response.json().catch(() => ({}))) as InfobipResponse;
    if (!response.ok) {
      const detail = answer.requestError?.serviceException?.text ?? response.statusText;
      const permanent = response.status >= 400 && response.status < 500 && response.status !== 429;
      throw new SmsDeliveryError(`SMS gateway answered ${response.status}: ${detail}`, permanent);
    }
    const [first] = answer.messages ?? [];
    if (!first?.messageId) throw new SmsDeliveryError('SMS gateway answered without a message id', false);
    if (first.status?.groupName === 'REJECTED') {
      throw new SmsDeliveryError(`SMS rejected: ${first.status.name ?? ''} ${first.status.description ?? ''}`, true);
    }
    return { messageId: first.messageId };
  }
}
