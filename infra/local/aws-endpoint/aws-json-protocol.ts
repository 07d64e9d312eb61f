/**
 * AWS JSON 1.0 protocol pieces shared by the local SQS and Step Functions services: the error type that
 * becomes an AWS-shaped error response, and small readers that validate request members with the
 * messages AWS uses.
 */

export type ServiceName = 'sqs' | 'sfn' | 'events';

/** A JSON value, as carried by the AWS JSON protocol and by Amazon States Language data. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JsonObject = { [key: string]: Json };

/**
 * An error answered to the client as `{"__type": "<namespace>#<code>", "message": ...}` with `status`.
 * For SQS, `queryCode` goes into the `x-amzn-query-error` header (`<queryCode>;Sender`), which the SDK and
 * the AWS CLI use to pick the modelled exception of this query-compatible service.
 */
export class AwsServiceError extends Error {
  constructor(
    readonly service: ServiceName,
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly queryCode: string = code,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}

const NAMESPACE: Record<ServiceName, string> = {
  sqs: 'com.amazonaws.sqs',
  sfn: 'com.amazonaws.sfn',
  events: 'com.amazonaws.eventbridge',
};

/** The HTTP status, headers and body of an error response for the client. */
export function errorResponse(error: AwsServiceError): {
  status: number;
  headers: Record<string, string>;
  body: JsonObject;
} {
  const headers: Record<string, string> = { 'x-amzn-errortype': error.code };
  if (error.service === 'sqs') headers['x-amzn-query-error'] = `${error.queryCode};${error.fault}`;
  return {
    status: error.status,
    headers,
    body: { __type: `${NAMESPACE[error.service]}#${error.code}`, message: error.message },
  };
}

/** Whether a value is a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads request members of one service, throwing that service's validation errors. */
export class RequestReader {
  constructor(
    private readonly service: ServiceName,
    private readonly input: Record<string, unknown>,
  ) {}

  private invalid(name: string, value: unknown, reason: string): AwsServiceError {
    if (this.service === 'sqs') {
      return new AwsServiceError(
        'sqs',
        'InvalidParameterValue',
        `Value ${stringify(value)} for parameter ${name} is invalid. Reason: ${reason}`,
      );
    }
    return new AwsServiceError(
      'sfn',
      'ValidationException',
      `Value at '${name}' failed to satisfy constraint: ${reason}`,
    );
  }

  missing(name: string): AwsServiceError {
    if (this.service === 'sqs') {
      return new AwsServiceError('sqs', 'MissingParameter', `The request must contain the parameter ${name}.`);
    }
    return new AwsServiceError(
      'sfn',
      'ValidationException',
      `Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }

  /** A required string member. */
  string(name: string): string {
    const value = this.optionalString(name);
    if (value === undefined) throw this.missing(name);
    return value;
  }

  optionalString(name: string): string | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(name, value, 'Member must be a string.');
    return value;
  }

  /** An optional integer member within [min, max]. */
  optionalInt(name: string, min: number, max: number, reason?: string): number | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
      throw this.invalid(name, value, reason ?? `Must be between ${min} and ${max}, if provided.`);
    }
    return n;
  }

  optionalBoolean(name: string): boolean | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') throw this.invalid(name, value, 'Member must be a boolean.');
    return value;
  }

  optionalStringList(name: string): string[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      throw this.invalid(name, value, 'Member must be a list of strings.');
    }
    return value as string[];
  }

  optionalStringMap(name: string): Record<string, string> | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) {
      throw this.invalid(name, value, 'Member must be a map of strings.');
    }
    return value as Record<string, string>;
  }

  optionalList(name: string): unknown[] | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value)) throw this.invalid(name, value, 'Member must be a list.');
    return value;
  }

  optionalObject(name: string): Record<string, unknown> | undefined {
    const value = this.input[name];
    if (value === undefined || value === null) return undefined;
    if (!isObject(value)) throw this.invalid(name, value, 'Member must be a structure.');
    return value;
  }
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Opaque pagination token over a sorted list of keys: the last key returned, base64url-encoded. */
export function encodeNextToken(lastKey: string): string {
  return Buffer.from(lastKey, 'utf8').toString('base64url');
}

/** The key after which a page starts, or undefined for the first page; throws on a malformed token. */
export function decodeNextToken(token: string | undefined, error: () => AwsServiceError): string | undefined {
  if (token === undefined || token === '') return undefined;
  const key = Buffer.from(token, 'base64url').toString('utf8');
  if (key === '' || encodeNextToken(key) !== token) throw error();
  return key;
}

/**
 * One page of `items` (sorted by `key`) starting after the token's key, with the next token when more
 * remain.
 */
export function paginate<T>(
  items: readonly T[],
  key: (item: T) => string,
  maxResults: number,
  nextToken: string | undefined,
  error: () => AwsServiceError,
): { page: T[]; nextToken?: string } {
  const after = decodeNextToken(nextToken, error);
  const start = after === undefined ? 0 : items.findIndex((item) => key(item) > after);
  const rest = start < 0 ? [] : items.slice(start);
  const page = rest.slice(0, maxResults);
  const last = page.at(-1);
  return rest.length > maxResults && last !== undefined ? { page, nextToken: encodeNextToken(key(last)) } : { page };
}
