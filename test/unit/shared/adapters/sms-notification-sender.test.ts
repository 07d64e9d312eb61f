import { describe, expect, it } from 'vitest';
import { InfobipSmsGateway } from '../../../../shared/adapters/sms/infobip-sms-gateway.ts';
import { SmsNotificationSender } from '../../../../shared/adapters/sms/sms-notification-sender.ts';
import { SmsDeliveryError } from '../../../../shared/identity/notifications.ts';

const jsonResponse = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const accepted = {
  bulkId: 'b1',
  messages: [
    { messageId: 'm1', to: '84912345678', status: { groupId: 1, groupName: 'PENDING', name: 'PENDING_ACCEPTED' } },
  ],
};

describe('InfobipSmsGateway', () => {
  it('posts the Infobip JSON shape with the API key and returns the message id', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const gateway = new InfobipSmsGateway({
      baseUrl: 'https://example.api.infobip.com',
      apiKey: 'k1',
      from: 'P06-eID',
      fetch: async (url, init) => {
        calls.push({ url: String(url), init: init as RequestInit });
        return jsonResponse(200, accepted);
      },
    });
    expect(await gateway.send({ to: '+84912345678', text: 'xin chào', reference: 'r1' })).toEqual({ messageId: 'm1' });
    expect(calls[0]?.url).toBe('https://example.api.infobip.com/sms/2/text/advanced');
    expect((calls[0]?.init.headers as Record<string, string> | undefined)?.authorization).toBe('App k1');
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({
      messages: [{ destinations: [{ to: '84912345678', messageId: 'r1' }], from: 'P06-eID', text: 'xin chào' }],
    });
  });

  it('treats 4xx and REJECTED as permanent, 429 and 5xx and network errors as transient', async () => {
    const gatewayAnswering = (response: () => Promise<Response>) =>
      new InfobipSmsGateway({ baseUrl: 'https://x', apiKey: 'k', from: 'P06', fetch: response });
    const message = { to: '+84912345678', text: 't', reference: 'r' };
    const outcome = async (response: () => Promise<Response>) =>
      gatewayAnswering(response)
        .send(message)
        .then(
          () => 'sent',
          (error: SmsDeliveryError) => (error.permanent ? 'permanent' : 'transient'),
        );
    expect(await outcome(async () => jsonResponse(401, {}))).toBe('permanent');
    expect(await outcome(async () => jsonResponse(400, {}))).toBe('permanent');
    expect(await outcome(async () => jsonResponse(429, {}))).toBe('transient');
    expect(await outcome(async () => jsonResponse(503, {}))).toBe('transient');
    expect(await outcome(async () => Promise.reject(new Error('ECONNRESET')))).toBe('transient');
    const rejected = {
      messages: [{ messageId: 'm', status: { groupName: 'REJECTED', name: 'REJECTED_DESTINATION' } }],
    };
    expect(await outcome(async () => jsonResponse(200, rejected))).toBe('permanent');
  });
});

describe('SmsNotificationSender', () => {
  const setup = (answers: Array<'ok' | 'transient' | 'permanent'>, phone: string | null = '+84912345678') => {
    const deliveries: unknown[] = [];
    const sleeps: number[] = [];
    let sends = 0;
    const sender = new SmsNotificationSender({
      outbox: {
        record: async () => ({ pk: 'OUTBOX#1', sk: 's' }),
        markDelivery: async (_key, delivery) => {
          deliveries.push(delivery);
        },
      },
      gateway: {
        send: async () => {
          const answer = answers[sends++] ?? 'ok';
          if (answer === 'ok') return { messageId: `m${sends}` };
          throw new SmsDeliveryError(answer, answer === 'permanent');
        },
      },
      accounts: { get: async () => (phone ? ({ phone } as never) : undefined) },
      retry: { attempts: 3, baseDelayMs: 100 },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { sender, deliveries, sleeps, sendCount: () => sends };
  };
  const notification = { pin: '001', kind: 'one-time-code' as const, text: 'code' };

  it('retries transient failures with back-off and records the delivery', async () => {
    const { sender, deliveries, sleeps } = setup(['transient', 'transient', 'ok']);
    await sender.send(notification);
    expect(sleeps).toEqual([100, 200]);
    expect(deliveries).toEqual([{ status: 'sent', messageId: 'm3', attempts: 3 }]);
  });

  it('dead-letters after the last attempt, at once on a permanent refusal, and without a phone', async () => {
    const exhausted = setup(['transient', 'transient', 'transient']);
    await exhausted.sender.send(notification);
    expect(exhausted.deliveries).toEqual([{ status: 'dead-letter', reason: 'transient', attempts: 3 }]);
    const refused = setup(['permanent']);
    await refused.sender.send(notification);
    expect(refused.sendCount()).toBe(1);
    expect(refused.deliveries).toEqual([{ status: 'dead-letter', reason: 'permanent', attempts: 1 }]);
    const noPhone = setup([], null);
    await noPhone.sender.send(notification);
    expect(noPhone.sendCount()).toBe(0);
    expect(noPhone.deliveries).toEqual([expect.objectContaining({ status: 'dead-letter', attempts: 0 })]);
  });
});
