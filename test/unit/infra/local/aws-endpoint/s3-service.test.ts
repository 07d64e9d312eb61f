import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
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

  it('decodes aws-chunked bodies with trailing checksums', () => {
    const body = Buffer.from('5;chunk-signature=abc\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:AAAA\r\n\r\n');
    expect(decodeAwsChunked(body).toString()).toBe('hello world');
  });
});
