/**
 * Reading request bodies up to a limit, and refusing larger ones so that the client actually receives the refusal.
 *
 * Destroying the request as soon as a body passes the limit resets the connection: the client, still sending, gets
 * ECONNRESET (curl exit 56) instead of the answer, since a socket closed with unread data in its receive buffer
 * sends a TCP RST, which makes the client's kernel drop the answer it has not yet read. So the refusal is written
 * whole (with `Connection: close`) while the rest of the body is read and thrown away, and the connection closes
 * only once the client has finished sending (or given up, or a time limit passed).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** A body over the limit; carries the limit so that the answer can name it. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes`);
  }
}

/** How long the rest of a refused body is read before the connection is closed anyway. */
const DRAIN_LIMIT_MS = 30_000;

const declaredLength = (request: IncomingMessage): number | undefined => {
  const header = request.headers['content-length'];
  return header === undefined || !/^\d+$/.test(header) ? undefined : Number(header);
};

/** Whether the request declares (Content-Length) a body over `limitBytes`. */
export const declaresBodyOver = (request: IncomingMessage, limitBytes: number): boolean =>
  (declaredLength(request) ?? 0) > limitBytes;

/**
 * The whole body, or a BodyTooLargeError as soon as it is declared or turns out to be larger than `limitBytes`. Bytes
 * past the limit are not kept; the request is left open for `refuseBody` to drain.
 */
export const readBodyWithin = (request: IncomingMessage, limitBytes: number): Promise<Buffer> =>
  new Promise((resolvePromise, reject) => {
    if (declaresBodyOver(request, limitBytes)) {
      reject(new BodyTooLargeError(limitBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      chunks.length = 0;
      reject(new BodyTooLargeError(limitBytes));
    };
    request.on('data', onData);
    request.on('end', () => resolvePromise(Buffer.concat(chunks)));
    request.on('error', reject);
  });

/**
 * Answers a request whose body will not be read (typically 413) without resetting the connection: the answer is
 * written whole at once, then the rest of the body is read and discarded, and only when the client has sent it all
 * (or closed, or DRAIN_LIMIT_MS passed) does the response end, which closes the connection (`Connection: close`:
 * a client that had sent part of a body cannot be in step for a next request on it).
 */
export const refuseBody = (
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: string,
): void => {
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body), connection: 'close' });
  response.write(body);
  const finish = () => {
    clearTimeout(timer);
    if (!response.writableEnded) response.end();
  };
  const timer = setTimeout(finish, DRAIN_LIMIT_MS);
  timer.unref();
  request.once('end', finish);
  request.once('close', finish);
  request.on('data', () => {});
  request.resume();
  if (request.readableEnded) finish();
};

/**
 * Answers `Expect: 100-continue` requests the way Node does by default (100, then the normal handler), except when
 * the declared body is over `limitBytes`: then `refuse` answers at once and the client is never told to send it.
 */
export const refuseOversizedBeforeContinue = (
  server: Server,
  limitBytes: number,
  refuse: (request: IncomingMessage, response: ServerResponse) => void,
): void => {
  server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => {
    if (declaresBodyOver(request, limitBytes)) {
      refuse(request, response);
      return;
    }
    response.writeContinue();
    server.emit('request', request, response);
  });
};
