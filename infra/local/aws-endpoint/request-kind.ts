/**
 * Telling apart the requests that reach the one local AWS endpoint: AWS JSON protocol calls carry `X-Amz-Target`;
 * S3's REST protocol has none, and neither has the health check (`GET /`) nor the query protocol (form POSTs with
 * `Action=`) of older SDKs. What settles the ambiguous ones is the service a request was signed for: the AWS CLI's
 * `aws s3 ls` is a bare `GET /` signed for `s3`.
 */
import type { IncomingMessage } from 'node:http';

/** `Credential=<key>/<date>/<region>/<service>/aws4_request`, in a SigV4 Authorization header or presigned URL. */
const CREDENTIAL_SCOPE = /^[^/]+\/\d{8}\/[^/]+\/([^/]+)\/aws4_request$/;

/**
 * The service a SigV4 request was signed for (`s3`, `sqs`, `states`…), from its Authorization header or, for a
 * presigned URL, its `X-Amz-Credential` parameter; undefined for an unsigned request. Signatures are never checked.
 */
export const signingService = (req: IncomingMessage): string | undefined => {
  const authorization = req.headers.authorization ?? '';
  const credential = /^AWS4-HMAC-SHA256\s.*?Credential=([^,\s]+)/.exec(authorization)?.[1];
  const presigned = credential ?? new URL(req.url ?? '/', 'http://local').searchParams.get('X-Amz-Credential');
  return presigned ? CREDENTIAL_SCOPE.exec(presigned)?.[1] : undefined;
};

/** The endpoint's health check: an unsigned `GET /` or `GET /health` (a signed one is an AWS call). */
export const isHealthCheck = (req: IncomingMessage): boolean =>
  req.method === 'GET' && (req.url === '/' || req.url === '/health') && signingService(req) === undefined;

/**
 * AWS's query protocol: a form POST with `Action=<Operation>` and no `X-Amz-Target` (SQS before SDKs moved it to
 * the JSON protocol in 2023, SNS, STS…). This endpoint does not speak it; S3 never uses it.
 */
export const isQueryProtocol = (req: IncomingMessage): boolean =>
  req.method === 'POST' &&
  req.headers['x-amz-target'] === undefined &&
  /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '') &&
  signingService(req) !== 's3';
