/**
 * Calls to the platform API. The access token comes from the in-memory session; a 401 is retried once with a
 * refreshed token. A request that did not reach the server (a network error) is retried with the same
 * Idempotency-Key, so a dossier is never filed twice however often the network fails.
 */
import { accessToken } from '../auth/session.ts';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** A 4xx/5xx answer: the API's sentence and, where it gives them, the fields that were wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly FieldProblem[] = [],
  ) {
    super(message);
  }
}

/** The request never got an answer (offline, connection reset) even after the retries. */
export class NetworkError extends Error {}

let baseUrl = '';
export const setApiBaseUrl = (url: string) => {
  baseUrl = url;
};

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly body?: unknown;
  readonly idempotencyKey?: string;
  /** Default true: send the access token. */
  readonly auth?: boolean;
  readonly accept?: string;
  /** Attempts when the network fails before any answer. Default 3. */
  readonly attempts?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const apiFetch = async (path: string, options: RequestOptions = {}): Promise<Response> => {
  const attempts = options.attempts ?? 3;
  let forceRefresh = false;
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    if (options.auth !== false) {
      const token = await accessToken({ forceRefresh });
      if (token) headers.authorization = `Bearer ${token}`;
    }
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method: options.method ?? 'GET',
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
    } catch (error) {
      if (attempt >= attempts) throw new NetworkError((error as Error).message);
      await sleep(300 * 2 ** (attempt - 1));
      continue;
    }
    if (response.status === 401 && options.auth !== false && !forceRefresh) {
      forceRefresh = true;
      continue;
    }
    return response;
  }
};

/** JSON in, JSON out; a non-2xx answer becomes an ApiError carrying the field problems. */
export const api = async <T>(path: string, options: RequestOptions = {}): Promise<{ body: T; response: Response }> => {
  const response = await apiFetch(path, options);
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const problem = (body ?? {}) as { message?: string; problems?: FieldProblem[] };
    throw new ApiError(response.status, problem.message ?? `HTTP ${response.status}`, problem.problems ?? []);
  }
  return { body: body as T, response };
};
