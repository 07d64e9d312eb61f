/** A plain HTTP/1.1 client for what fetch hides: transport errors (a reset connection) and `100 Continue`. */
import { type IncomingHttpHeaders, request } from 'node:http';

/** What a raw HTTP/1.1 client got back: the answer, or the transport error (a reset connection). */
export interface RawOutcome {
  readonly status?: number;
  readonly headers?: IncomingHttpHeaders;
  readonly body?: string;
  readonly continued: boolean;
  readonly error?: string;
}

/**
 * POSTs `size` bytes the way simple clients do (Python's http.client, requests): the whole body first, then the
 * answer is read. With `expectContinue`, waits for `100 Continue` before sending anything, as curl does for large
 * bodies. Without `declareLength`, the body is sent chunked.
 */
export const rawPost = (
  url: string,
  size: number,
  options: { declareLength?: boolean; expectContinue?: boolean; headers?: Record<string, string> } = {},
): Promise<RawOutcome> =>
  new Promise((resolvePromise) => {
    let continued = false;
    const headers: Record<string, string | number> = { 'content-type': 'application/json', ...options.headers };
    if (options.declareLength !== false) headers['content-length'] = size;
    if (options.expectContinue) headers.expect = '100-continue';
    const req = request(url, { method: 'POST', headers, agent: false });
    const sendBody = () => {
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < size; sent += chunk.length)
        req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
      req.end();
    };
    req.on('continue', () => {
      continued = true;
      sendBody();
    });
    req.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        // A client refused before it sent its body has nothing more to say on this connection.
        if (!req.writableEnded) req.destroy();
        resolvePromise({
          status: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          continued,
        });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolvePromise({ continued, error: error.code ?? error.message }),
    );
    if (!options.expectContinue) sendBody();
  });
