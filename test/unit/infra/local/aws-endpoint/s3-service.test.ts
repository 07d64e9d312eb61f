import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAwsEndpoint, startLocalAwsEndpoint } from '../../../../../infra/local/aws-endpoint/index.ts';
import { decodeAwsChunked, LocalS3Service } from '../../../../../infra/local/aws-endpoint/s3-service.ts';

let endpoint: LocalAwsEndpoint;
let s3: S3Client;

beforeAll(async () => {
  endpoint = await startLocalAwsEndpoint({ port: 0, invokeFunction: async () => null, s3: new LocalS3Service() });
  s3 = new S3Client({
    endpoint: endpoint.url,
    region: 'ap-southeast-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'bkt1' }));
});
afterAll(async () => {
  s3.destroy();
  await endpoint.close();
});

describe('the local S3 service', { timeout: 30_000 }, () => {
  it('lists keys by prefix and delimiter, a page at a time', async () => {
    for (const key of ['r/a/1.json', 'r/a/2.json', 'r/b/1.json', 'r/top.json', 'other.json'])
      await s3.send(new PutObjectCommand({ Bucket: 'bkt1', Key: key, Body: key }));

    const grouped = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt1', Prefix: 'r/', Delimiter: '/' }));
    expect(grouped.Contents?.map((o) => o.Key)).toEqual(['r/top.json']);
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['r/a/', 'r/b/']);

    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'bkt1', Prefix: 'r/', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    const second = await s3.send(
      new ListObjectsV2Command({ Bucket: 'bkt1', Prefix: 'r/', ContinuationToken: first.NextContinuationToken }),
    );
    expect([...(first.Contents ?? []), ...(second.Contents ?? [])].map((o) => o.Key)).toEqual([
      'r/a/1.json',
      'r/a/2.json',
      'r/b/1.json',
      'r/top.json',
    ]);
  });

  it('stores a streamed upload and serves a byte range', async () => {
    await s3.send(
      new PutObjectCommand({
        Bucket: 'bkt1',
        Key: 'stream.txt',
        Body: Readable.from(['hello ', 'world']),
        ContentLength: 11,
      }),
    );
    const part = await s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'stream.txt', Range: 'bytes=6-10' }));
    expect(await part.Body?.transformToString()).toBe('world');
  });

  it('answers NoSuchKey for a missing object, as the SDK models it', async () => {
    await expect(s3.send(new GetObjectCommand({ Bucket: 'bkt1', Key: 'absent' }))).rejects.toBeInstanceOf(NoSuchKey);
  });

  it('lists the buckets (ListBuckets, GET / signed for S3) with their owner and creation dates, a page at a time', async () => {
    const before = Date.now() - 1000;
    for (const bucket of ['bkt2', 'other-bkt']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const all = await s3.send(new ListBucketsCommand({}));
    expect(all.Buckets?.map((b) => b.Name)).toEqual(['bkt1', 'bkt2', 'other-bkt']);
    for (const bucket of all.Buckets ?? []) {
      expect(bucket.CreationDate?.getTime()).toBeGreaterThan(before);
      expect(bucket.CreationDate?.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect(all.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    expect(all.ContinuationToken).toBeUndefined();

    const first = await s3.send(new ListBucketsCommand({ Prefix: 'bkt', MaxBuckets: 1 }));
    expect([first.Buckets?.map((b) => b.Name), first.Prefix]).toEqual([['bkt1'], 'bkt']);
    const second = await s3.send(
      new ListBucketsCommand({ Prefix: 'bkt', MaxBuckets: 1, ContinuationToken: first.ContinuationToken }),
    );
    expect(second.Buckets?.map((b) => b.Name)).toEqual(['bkt2']);
    expect(second.ContinuationToken).toBeUndefined();

    // The AWS CLI (`aws s3 ls`) sends a bare `GET /`: signed for S3, it is ListBuckets too, not the health check.
    const bare = await fetch(`${endpoint.url}/`, {
      headers: {
        authorization:
          'AWS4-HMAC-SHA256 Credential=x/20261208/ap-southeast-1/s3/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
        'x-amz-date': '20261208T000000Z',
      },
    });
    expect([bare.status, bare.headers.get('content-type')]).toEqual([200, 'application/xml']);
    expect(await bare.text()).toMatch(/^<\?xml[^>]*>\s*<ListAllMyBucketsResult[^>]*><Owner><ID>/);
  });

  it("keeps a bucket's creation date across a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'p06-s3-'));
    try {
      const first = await startLocalAwsEndpoint({
        port: 0,
        invokeFunction: async () => null,
        s3: new LocalS3Service(dir),
      });
      const client = (url: string) =>
        new S3Client({
          endpoint: url,
          region: 'ap-southeast-1',
          forcePathStyle: true,
          credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        });
      const a = client(first.url);
      await a.send(new CreateBucketCommand({ Bucket: 'kept' }));
      const created = (await a.send(new ListBucketsCommand({}))).Buckets?.[0]?.CreationDate;
      a.destroy();
      await first.close();
      const again = await startLocalAwsEndpoint({
        port: 0,
        invokeFunction: async () => null,
        s3: new LocalS3Service(dir),
      });
      const b = client(again.url);
      const listed = await b.send(new ListBucketsCommand({}));
      b.destroy();
      await again.close();
      expect(listed.Buckets?.map((bucket) => [bucket.Name, bucket.CreationDate?.toISOString()])).toEqual([
        ['kept', created?.toISOString()],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still answers an unsigned GET / with the health document', async () => {
    const response = await fetch(`${endpoint.url}/`);
    expect([response.status, await response.json()]).toEqual([
      200,
      { status: 'running', services: { sqs: 'running', stepfunctions: 'running' } },
    ]);
  });

  it("refuses SQS's query protocol (a form POST with Action=) with a 400 that says to use the JSON protocol", async () => {
    const response = await fetch(`${endpoint.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization:
          'AWS4-HMAC-SHA256 Credential=x/20261208/ap-southeast-1/sqs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0',
        'x-amz-date': '20261208T000000Z',
      },
      body: 'Action=ListQueues&Version=2012-11-05',
    });
    const xml = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(xml).toContain('<Code>AWS.SimpleQueueService.UnsupportedOperation</Code>');
    expect(xml).toMatch(/<Message>ListQueues: [^<]*query protocol[^<]*JSON 1\.0 protocol[^<]*<\/Message>/);
    expect(xml).not.toContain('ListBuckets');
  });

  it('decodes aws-chunked bodies with trailing checksums', () => {
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n');
    expect(decodeAwsChunked(body).toString()).toBe('hello world');
  });
});
