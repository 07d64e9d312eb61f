/**
 * A small S3 on the local AWS endpoint, in S3's REST protocol with path-style addressing (clients set
 * `forcePathStyle: true`, the AWS CLI `--endpoint-url` with `addressing_style = path`): enough for the bulk sync's
 * exports, staging files, Map results and reports. Objects live in memory, and with `dataDir` also on disk
 * (one file per object), so they survive a restart.
 *
 * Operations: ListBuckets (prefix, max-buckets, continuation token), CreateBucket, HeadBucket, DeleteBucket (empty
 * only), PutObject, GetObject (with a single `Range`), HeadObject, DeleteObject, ListObjectsV2 (prefix, delimiter,
 * max-keys, continuation token, start-after).
 * Request bodies in `aws-chunked` encoding (the SDK's streaming uploads with trailing checksums) are decoded.
 * Errors are S3's XML errors (NoSuchBucket, NoSuchKey, BucketNotEmpty, InvalidRange...).
 * Not supported: multipart uploads, versioning, ACLs and policies, encryption (accepted, nothing is encrypted),
 * checksums in responses, virtual-hosted addressing, presigned URLs (signatures are never checked).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { BodyTooLargeError, readBodyWithin, refuseBody } from '../request-body.ts';
import { isHealthCheck, isQueryProtocol, signingService } from './request-kind.ts';

interface StoredObject {
  readonly body: Buffer;
  readonly etag: string;
  readonly contentType: string;
  readonly lastModified: Date;
}

const MAX_OBJECT_BYTES = 1024 * 1024 * 1024;

/** The one owner of every local bucket, as ListBuckets names it: a canonical user ID is 64 hexadecimal digits. */
const OWNER = { id: createHash('sha256').update('p06-local-s3-owner').digest('hex'), displayName: 'local' };

class S3Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const xmlEscape = (text: string) =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** Decodes an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n`… up to a 0-size chunk. */
export const decodeAwsChunked = (raw: Buffer): Buffer => {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    if (eol < 0) throw new S3Error('IncompleteBody', 'The aws-chunked body ends inside a chunk header.', 400);
    const size = Number.parseInt(raw.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size))
      throw new S3Error('InvalidRequest', 'An aws-chunked chunk size is not hexadecimal.', 400);
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
};

export class LocalS3Service {
  private readonly buckets = new Map<string, Map<string, StoredObject>>();
  /** When each bucket was created (ListBuckets' CreationDate). */
  private readonly created = new Map<string, Date>();

  constructor(private readonly dataDir?: string) {
    if (!dataDir) return;
    mkdirSync(dataDir, { recursive: true });
    const created = existsSync(this.creationDatesFile())
      ? (JSON.parse(readFileSync(this.creationDatesFile(), 'utf8')) as Record<string, string>)
      : {};
    // Bucket names start with a letter or digit: the dot file of creation dates is no bucket.
    for (const bucket of readdirSync(dataDir).filter((name) => !name.startsWith('.'))) {
      const objects = new Map<string, StoredObject>();
      for (const file of readdirSync(join(dataDir, bucket))) {
        const body = readFileSync(join(dataDir, bucket, file));
        objects.set(decodeURIComponent(file), this.stored(body, 'application/octet-stream'));
      }
      this.buckets.set(bucket, objects);
      // A bucket from before creation dates were kept: its folder was made with it.
      const since = created[bucket] ?? statSync(join(dataDir, bucket)).birthtime.toISOString();
      this.created.set(bucket, new Date(since));
    }
  }

  /** `<dataDir>/.creation-dates.json`: each bucket's creation time, which ListBuckets reports. */
  private creationDatesFile(): string {
    return join(this.dataDir as string, '.creation-dates.json');
  }

  private saveCreationDates(): void {
    if (!this.dataDir) return;
    const dates = Object.fromEntries([...this.created].map(([name, date]) => [name, date.toISOString()]));
    writeFileSync(this.creationDatesFile(), JSON.stringify(dates));
  }

  /**
   * Whether a request is for this service: none of the endpoint's other kinds (an `X-Amz-Target` JSON call, the
   * query protocol, the unsigned health check), or anything signed for S3 (`aws s3 ls` is a bare `GET /`).
   */
  static claims(req: IncomingMessage): boolean {
    if (signingService(req) === 's3') return true;
    return req.headers['x-amz-target'] === undefined && !isQueryProtocol(req) && !isHealthCheck(req);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const [, bucket = '', ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (bucket === '') {
        if (req.method !== 'GET') throw new S3Error('MethodNotAllowed', `${req.method} / is not supported.`, 405);
        this.listBuckets(url.searchParams, res);
        return;
      }
      const body = req.method === 'PUT' ? await this.readBody(req) : Buffer.alloc(0);
      if (key === '') this.bucketOperation(req.method ?? 'GET', decodeURIComponent(bucket), url, res);
      else this.objectOperation(req, decodeURIComponent(bucket), key, body, res);
    } catch (error) {
      const e =
        error instanceof BodyTooLargeError
          ? new S3Error('EntityTooLarge', 'Objects above 1 GiB are not supported locally.', 400)
          : error instanceof S3Error
            ? error
            : new S3Error('InternalError', (error as Error).message ?? 'failed', 500);
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message></Error>`;
      // The rest of an oversized upload is drained before the connection closes, so the client reads the error.
      if (error instanceof BodyTooLargeError)
        refuseBody(req, res, e.status, { 'content-type': 'application/xml' }, xml);
      else if (!res.headersSent) {
        res.writeHead(e.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
        res.end(req.method === 'HEAD' ? undefined : xml);
      }
    }
  }

  private bucketOperation(method: string, bucket: string, url: URL, res: ServerResponse): void {
    if (method === 'PUT') {
      if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
        throw new S3Error('InvalidBucketName', `The bucket name ${bucket} is not valid.`, 400);
      if (!this.buckets.has(bucket)) {
        this.buckets.set(bucket, new Map());
        if (this.dataDir) mkdirSync(join(this.dataDir, bucket), { recursive: true });
        this.created.set(bucket, new Date());
        this.saveCreationDates();
      }
      res.writeHead(200, { location: `/${bucket}`, 'content-length': 0 });
      res.end();
      return;
    }
    const objects = this.bucket(bucket);
    if (method === 'HEAD') {
      res.writeHead(200, { 'content-length': 0 });
      res.end();
      return;
    }
    if (method === 'DELETE') {
      if (objects.size > 0) throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty.', 409);
      this.buckets.delete(bucket);
      this.created.delete(bucket);
      if (this.dataDir) rmSync(join(this.dataDir, bucket), { recursive: true, force: true });
      this.saveCreationDates();
      res.writeHead(204);
      res.end();
      return;
    }
    if (method !== 'GET') throw new S3Error('MethodNotAllowed', `${method} on a bucket is not supported.`, 405);
    this.listObjectsV2(bucket, objects, url.searchParams, res);
  }

  /**
   * ListBuckets: every bucket in name order, from `prefix`, `max-buckets` at a time (default and most 10,000) after
   * `continuation-token` (opaque: the last name of the page before). `bucket-region` is ignored: every local bucket
   * is in the endpoint's one region, and CreationDate/Name are what the CLI and the SDK read.
   */
  private listBuckets(query: URLSearchParams, res: ServerResponse): void {
    const prefix = query.get('prefix') ?? '';
    const requested = Number(query.get('max-buckets') ?? 10_000);
    if (!Number.isInteger(requested) || requested < 1 || requested > 10_000)
      throw new S3Error('InvalidArgument', 'max-buckets must be an integer from 1 to 10000.', 400);
    const token = query.get('continuation-token');
    const after = token ? Buffer.from(token, 'base64url').toString('utf8') : '';
    const names = [...this.buckets.keys()].filter((name) => name.startsWith(prefix) && name > after).sort();
    const page = names.slice(0, requested);
    const truncated = names.length > page.length;
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Owner><ID>${OWNER.id}</ID><DisplayName>${OWNER.displayName}</DisplayName></Owner>`,
      '<Buckets>',
      ...page.map(
        (name) =>
          `<Bucket><Name>${xmlEscape(name)}</Name><CreationDate>${(this.created.get(name) ?? new Date(0)).toISOString()}</CreationDate></Bucket>`,
      ),
      '</Buckets>',
      truncated ? `<ContinuationToken>${Buffer.from(page.at(-1) ?? '').toString('base64url')}</ContinuationToken>` : '',
      query.has('prefix') ? `<Prefix>${xmlEscape(prefix)}</Prefix>` : '',
      '</ListAllMyBucketsResult>',
    ].join('');
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  private listObjectsV2(
    bucket: string,
    objects: Map<string, StoredObject>,
    query: URLSearchParams,
    res: ServerResponse,
  ): void {
    const prefix = query.get('prefix') ?? '';
    const delimiter = query.get('delimiter') ?? '';
    const maxKeys = Math.min(1000, Number(query.get('max-keys') ?? 1000));
    const after = query.get('continuation-token')
      ? Buffer.from(query.get('continuation-token') ?? '', 'base64url').toString('utf8')
      : (query.get('start-after') ?? '');
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
    const contents: string[] = [];
    const prefixes = new Set<string>();
    let last = '';
    let truncated = false;
    for (const key of keys) {
      if (contents.length + prefixes.size >= maxKeys) {
        truncated = true;
        break;
      }
      last = key;
      const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (cut >= 0) prefixes.add(key.slice(0, cut + delimiter.length));
      else contents.push(key);
    }
    const item = (key: string) => {
      const o = objects.get(key) as StoredObject;
      return `<Contents><Key>${xmlEscape(key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    };
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
      `<Name>${xmlEscape(bucket)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${contents.length + prefixes.size}</KeyCount><MaxKeys>${maxKeys}</MaxKeys><IsTruncated>${truncated}</IsTruncated>`,
      delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : '',
      truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64url')}</NextContinuationToken>` : '',
      ...contents.map(item),
      ...[...prefixes].map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`),
      '</ListBucketResult>',
    ].join('');
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  private objectOperation(req: IncomingMessage, bucket: string, key: string, body: Buffer, res: ServerResponse): void {
    const objects = this.bucket(bucket);
    const file = this.dataDir ? join(this.dataDir, bucket, encodeURIComponent(key)) : undefined;
    switch (req.method) {
      case 'PUT': {
        const stored = this.stored(body, String(req.headers['content-type'] ?? 'application/octet-stream'));
        objects.set(key, stored);
        if (file) writeFileSync(file, body);
        res.writeHead(200, { etag: stored.etag, 'content-length': 0 });
        res.end();
        return;
      }
      case 'DELETE':
        objects.delete(key);
        if (file && existsSync(file)) rmSync(file);
        res.writeHead(204);
        res.end();
        return;
      case 'GET':
      case 'HEAD': {
        const o = objects.get(key);
        if (!o) throw new S3Error('NoSuchKey', 'The specified key does not exist.', 404);
        const headers = {
          etag: o.etag,
          'content-type': o.contentType,
          'last-modified': o.lastModified.toUTCString(),
          'accept-ranges': 'bytes',
        };
        const range = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? ''));
        if (range && req.method === 'GET') {
          const size = o.body.length;
          const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
          const end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
          if (start >= size || start > end)
            throw new S3Error('InvalidRange', 'The requested range is not satisfiable.', 416);
          const part = o.body.subarray(start, end + 1);
          res.writeHead(206, {
            ...headers,
            'content-range': `bytes ${start}-${end}/${size}`,
            'content-length': part.length,
          });
          res.end(part);
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': o.body.length });
        res.end(req.method === 'HEAD' ? undefined : o.body);
        return;
      }
      default:
        throw new S3Error('MethodNotAllowed', `${req.method} on an object is not supported.`, 405);
    }
  }

  private bucket(name: string): Map<string, StoredObject> {
    const objects = this.buckets.get(name);
    if (!objects) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist.', 404);
    return objects;
  }

  private stored(body: Buffer, contentType: string): StoredObject {
    return {
      body,
      etag: `"${createHash('md5').update(body).digest('hex')}"`,
      contentType,
      lastModified: new Date(),
    };
  }

  private async readBody(req: IncomingMessage): Promise<Buffer> {
    const raw = await readBodyWithin(req, MAX_OBJECT_BYTES);
    const chunked =
      String(req.headers['content-encoding'] ?? '').includes('aws-chunked') ||
      String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
    return chunked ? decodeAwsChunked(raw) : raw;
  }
}
