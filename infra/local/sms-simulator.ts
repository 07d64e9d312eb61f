/**
 * The local SMS gateway: answers Infobip's send API as the real gateway does (shared/adapters/sms/
 * infobip-sms-gateway.ts), so the local cloud delivers every e-ID notification over HTTP the way AWS does.
 * - `POST /sms/2/text/advanced` with `Authorization: App <key>`: accepts, stores and logs (`[sms] <to> <text>`)
 *   each message; 401 for another key, 400 for a malformed request.
 * - `GET /messages?to=84…`: what was received (newest last), to read codes in a browser or a test.
 * - `POST /simulator/failures` `{to, count, status}`: the next `count` sends to `to` answer `status` (503: retried;
 *   400: a permanent refusal), to see retries and dead letters.
 * Messages are also appended to `<data dir>/sms/messages.jsonl`. Binds an ephemeral port unless told otherwise.
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import * as z from '../../shared/validation/zod.ts';

export const LOCAL_SMS_API_KEY = 'local-sms-gateway-key';

const SendRequest = z.object({
  messages: z
    .array(
      z.object({
        destinations: z
          .array(
            z.object({
              to: z.string().check(z.regex(/^\d{8,15}$/)),
              messageId: z.optional(z.string().check(z.maxLength(200))),
            }),
          )
          .check(z.minLength(1)),
        from: z.string().check(z.minLength(1), z.maxLength(11)),
        text: z.string().check(z.minLength(1), z.maxLength(1600)),
      }),
    )
    .check(z.minLength(1)),
});

export interface SimulatedSms {
  readonly messageId: string;
  readonly to: string;
  readonly from: string;
  readonly text: string;
  readonly reference?: string;
  readonly receivedAt: string;
}

export interface SmsSimulator {
  readonly url: string;
  readonly messages: readonly SimulatedSms[];
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const requestError = (id: string, text: string) => ({ requestError: { serviceException: { messageId: id, text } } });

export const startSmsSimulator = async (options: {
  readonly dataDir: string;
  readonly port?: number;
  readonly apiKey?: string;
  readonly log?: (line: string) => void;
}): Promise<SmsSimulator> => {
  const messages: SimulatedSms[] = [];
  const folder = resolve(options.dataDir, 'sms');
  mkdirSync(folder, { recursive: true });
  const file = resolve(folder, 'messages.jsonl');
  const apiKey = options.apiKey ?? LOCAL_SMS_API_KEY;
  const failures = new Map<string, { count: number; status: number }>();

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/messages') {
        const to = url.searchParams.get('to')?.replace(/^\+/, '');
        return reply(res, 200, { messages: to ? messages.filter((m) => m.to === to) : messages });
      }
      if (req.method === 'POST' && url.pathname === '/simulator/failures') {
        const parsed = z
          .object({
            to: z.pipe(
              z.string(),
              z.transform((to) => to.replace(/^\+/, '')),
            ),
            count: z.int().check(z.gte(0), z.lte(100)),
            status: z._default(z.int().check(z.gte(400), z.lte(599)), 503),
          })
          .safeParse(JSON.parse((await readBody(req)) || '{}'));
        if (!parsed.success) return reply(res, 400, { message: 'Send {to, count, status}.' });
        const { to, ...rule } = parsed.data;
        failures.set(to, rule);
        return reply(res, 200, parsed.data);
      }
      if (req.method !== 'POST' || url.pathname !== '/sms/2/text/advanced') {
        return reply(res, 404, requestError('NOT_FOUND', 'No such resource.'));
      }
      if (req.headers.authorization !== `App ${apiKey}`) {
        return reply(res, 401, requestError('UNAUTHORIZED', 'Invalid login details'));
      }
      const text = await readBody(req);
      const firstTo = /"to"\s*:\s*"(\d+)"/.exec(text)?.[1] ?? '';
      const failure = failures.get(firstTo);
      if (failure && failure.count > 0) {
        failure.count--;
        return reply(res, failure.status, requestError('SIMULATED', `Simulated failure ${failure.status}`));
      }
      let parsed: z.core.util.SafeParseResult<z.infer<typeof SendRequest>>;
      try {
        parsed = SendRequest.safeParse(JSON.parse(text));
      } catch {
        return reply(res, 400, requestError('BAD_REQUEST', 'The body is not JSON.'));
      }
      if (!parsed.success) return reply(res, 400, requestError('BAD_REQUEST', parsed.error.message));
      const answers = [];
      for (const message of parsed.data.messages) {
        for (const destination of message.destinations) {
          const stored: SimulatedSms = {
            messageId: randomUUID(),
            to: destination.to,
            from: message.from,
            text: message.text,
            ...(destination.messageId ? { reference: destination.messageId } : {}),
            receivedAt: new Date().toISOString(),
          };
          messages.push(stored);
          appendFileSync(file, `${JSON.stringify(stored)}\n`);
          options.log?.(`[sms] +${stored.to} ${stored.text}`);
          answers.push({
            messageId: stored.messageId,
            to: stored.to,
            status: {
              groupId: 1,
              groupName: 'PENDING',
              id: 26,
              name: 'PENDING_ACCEPTED',
              description: 'Message sent to next instance',
            },
          });
        }
      }
      return reply(res, 200, { bulkId: randomUUID(), messages: answers });
    })().catch((error: Error) => reply(res, 500, requestError('INTERNAL', error.message)));
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
};
