/**
 * The sync bucket as an ObjectStore (shared/bulk-sync/ports.ts), over the real S3 client. The endpoint comes from
 * `AWS_ENDPOINT_URL_S3`; the local cloud serves buckets by path (`AWS_S3_FORCE_PATH_STYLE=true`), AWS by host.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../../bulk-sync/ports.ts';
import { clientPerEndpoint } from '../aws-clients.ts';

export const s3Client: () => S3Client = /* @__PURE__ */ clientPerEndpoint(
  'S3',
  () => new S3Client({ forcePathStyle: process.env.AWS_S3_FORCE_PATH_STYLE === 'true' }),
);

export class S3SyncBucket implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async *read(key: string): AsyncIterable<Buffer> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!Body) return;
    for await (const chunk of Body as AsyncIterable<Uint8Array>) yield Buffer.from(chunk);
  }

  async readText(key: string): Promise<string> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Body ? Body.transformToString('utf8') : '';
  }

  async write(key: string, body: string | Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }),
    );
  }
}
