/**
 * Notifications of the e-ID functions go out through the SMS gateway adapter to the local simulator (Infobip's API
 * shape), the outbox keeping the record of each message and how its delivery ended: retried, or dead-lettered.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { accountlessAdult, codeIn, documents, e164, latestOf, newPhone, post } from './fixtures.ts';

const simulator = inject('smsSimulatorUrl');

const received = async (phone: string) => {
  const response = await fetch(`${simulator}/messages?to=${e164(phone).slice(1)}`);
  return ((await response.json()) as { messages: { text: string; from: string; reference?: string }[] }).messages;
};

const failNext = (phone: string, count: number, status: number) =>
  fetch(`${simulator}/simulator/failures`, {
    method: 'POST',
    body: JSON.stringify({ to: e164(phone), count, status }),
  });

const register = async (phone: string) => {
  const citizen = await accountlessAdult();
  const answer = await post('/v1/registrations', {
    pin: citizen.pin,
    fullName: citizen.fullName,
    birthDate: citizen.birthDate,
    phone,
  });
  expect(answer.status).toBe(202);
  return citizen.pin;
};

describe('SMS delivery behind the outbox', () => {
  it('delivers the registration code to the simulator and records the delivery on the outbox item', async () => {
    const phone = newPhone();
    const pin = await register(phone);
    const outbox = await latestOf(pin, 'registration-code');
    const [sms] = await received(phone);
    expect(sms?.from).toBe('P06-eID');
    expect(codeIn(sms?.text)).toBe(codeIn(outbox?.text));
    expect(outbox?.delivery).toMatchObject({ status: 'sent', attempts: 1, messageId: expect.any(String) });
  });

  it('retries a gateway that answers 503, and dead-letters a permanent refusal', async () => {
    const retried = newPhone();
    await (await failNext(retried, 2, 503)).text();
    const pin = await register(retried);
    expect((await latestOf(pin, 'registration-code'))?.delivery).toMatchObject({ status: 'sent', attempts: 3 });
    expect(await received(retried)).toHaveLength(1);

    const refused = newPhone();
    await (await failNext(refused, 1, 400)).text();
    const refusedPin = await register(refused);
    const message = await latestOf(refusedPin, 'registration-code');
    expect(message?.delivery).toMatchObject({ status: 'dead-letter', attempts: 1 });
    expect(await received(refused)).toEqual([]);
    const { Items = [] } = await documents.send(
      new QueryCommand({
        TableName: 'Identity',
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'SMSDLQ' },
        ConsistentRead: true,
      }),
    );
    const letter = Items.find((item) => String(item.outbox?.pk) === `OUTBOX#${refusedPin}`);
    expect(letter).toMatchObject({ type: 'sms-dead-letter', attempts: 1 });
    // The outbox item the dead letter points to is still the record of the message.
    const { Item } = await documents.send(new GetCommand({ TableName: 'Identity', Key: letter?.outbox }));
    expect(Item?.kind).toBe('registration-code');
  });

  it('refuses a wrong API key (401) in the gateway simulator', async () => {
    const response = await fetch(`${simulator}/sms/2/text/advanced`, {
      method: 'POST',
      headers: { authorization: 'App wrong', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ destinations: [{ to: '84912345678' }], from: 'X', text: 'y' }] }),
    });
    expect(response.status).toBe(401);
  });
});
