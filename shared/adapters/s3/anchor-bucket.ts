/**
 * Anchors in an S3 bucket with Object Lock in compliance mode (infra: the bucket's default retention locks
 * every object version; no one, the root user included, can delete or shorten it). Writes are conditional
 * (`If-None-Match: *`), so an existing name is never overwritten, not even by a new version.
 */
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { AnchorObjectExistsError, type AnchorStore } from '../../audit-anchor/ports.ts';

export class AnchorBucket implements AnchorStore {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async putNew(name: string, body: Uint8Array): Promise<void> {
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: name,
          Body: body,
          IfNoneMatch: '*',
          // Object Lock requires an integrity checksum on every put.
          ChecksumAlgorithm: 'SHA256',
          ContentType: name.endsWith('.json') ? 'application/json' : 'text/plain; charset=utf-8',
        }),
      );
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 412 || (error as Error).name === 'PreconditionFailed') throw new AnchorObjectExistsError(name);
      throw error;
    }
  }

  async get(name: string): Promise<Uint8Array | undefined> {
    try {
      const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: name }));
      return Body ? await Body.transformToByteArray() : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async listAnchorIds(): Promise<string[]> {
    const ids: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: 'anchors/', Delimiter: '/', ContinuationToken }),
      );
      for (const prefix of page.CommonPrefixes ?? []) {
        const id = prefix.Prefix?.slice('anchors/'.length, -1);
        if (id) ids.push(id);
      }
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return ids;
  }
}
