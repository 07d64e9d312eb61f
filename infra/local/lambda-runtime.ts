/**
 * Runs the topology's handler modules in this process, as Lambda would: one module instance per
 * function (loaded once, like a warm execution environment), a Context object, and the function's
 * timeout. Handlers are the same files CDK bundles.
 */
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../topology.ts';

export type Handler = (event: unknown, context: Context) => Promise<unknown>;

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

export interface LocalLambdaOptions {
  readonly region: string;
  readonly accountId: string;
}

export class FunctionTimeoutError extends Error {}

/** The error an injected fault throws unless the test gives its own. */
export class InjectedFaultError extends Error {
  override name = 'InjectedFaultError';
}

/** A fault to inject into the next invocations of a function (tests of retries, replays and idempotency). */
interface Fault {
  remaining: number;
  readonly error: Error;
  /** Run the handler first and then fail, as when the function's effect is done but its response is lost. */
  readonly afterRun: boolean;
}

/** Runtimes created in this process so far: each one after the first loads its own copies of the handler modules. */
let runtimes = 0;

export class LocalLambdaRuntime {
  private readonly loaded = new Map<string, Promise<Handler>>();
  /**
   * The query that makes this runtime's handler modules its own. A handler reads its environment and builds its
   * stores when its module loads, as in Lambda; a process that hosts one local cloud after another (the integration
   * tests, whose files share one module graph) would otherwise reuse handlers bound to a cloud that has stopped.
   * The first runtime of a process (`npm start`) loads the modules as they are.
   */
  private readonly instance = runtimes++ === 0 ? '' : `?runtime=${runtimes}`;
  private readonly faults = new Map<string, Fault>();

  constructor(
    private readonly functions: readonly FunctionSpec[],
    private readonly options: LocalLambdaOptions,
  ) {}

  /** The ARN a function would have in AWS, used in state machine definitions. */
  arn(functionId: string): string {
    return `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${functionId}`;
  }

  spec(functionId: string): FunctionSpec {
    const spec = this.functions.find((f) => f.id === functionId);
    if (!spec) throw new Error(`Function ${functionId} is not in the topology`);
    return spec;
  }

  /** Loads every handler now, so the first request does not pay for module loading. */
  async warmUp(): Promise<void> {
    await Promise.all(this.functions.map((f) => this.handler(f.id)));
  }

  /**
   * Makes the next `times` invocations of a function fail with `error` (for tests): before the handler runs, or
   * with `afterRun` after it ran to completion (its effects are written, the caller sees a failure). Replaces a
   * fault already set for the function; `times` 0 clears it.
   */
  failNext(
    functionId: string,
    times: number,
    error: Error = new InjectedFaultError(`Injected fault in ${functionId}`),
    options: { readonly afterRun?: boolean } = {},
  ): void {
    this.spec(functionId);
    if (times <= 0) this.faults.delete(functionId);
    else this.faults.set(functionId, { remaining: times, error, afterRun: options.afterRun ?? false });
  }

  /** The fault to throw for this invocation of `functionId`, if one is armed (counts it down). */
  private takeFault(functionId: string): Fault | undefined {
    const fault = this.faults.get(functionId);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.delete(functionId);
    return fault;
  }

  /** Invokes a function with an event and returns its result; errors propagate like a failed invocation. */
  async invoke(functionId: string, event: unknown): Promise<unknown> {
    const spec = this.spec(functionId);
    const handler = await this.handler(functionId);
    const fault = this.takeFault(functionId);
    if (fault && !fault.afterRun) throw fault.error;
    const timeoutMs = (spec.timeoutSeconds ?? 10) * 1000;
    const deadline = Date.now() + timeoutMs;
    const requestId = randomUUID();
    const context: Context = {
      callbackWaitsForEmptyEventLoop: false,
      functionName: spec.id,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.arn(spec.id),
      memoryLimitInMB: String(spec.memoryMb ?? 512),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${spec.id}`,
      logStreamName: `local/${requestId}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new FunctionTimeoutError(`${spec.id} timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const result = await Promise.race([handler(event, context), timeout]);
      if (fault) throw fault.error;
      return result;
    } finally {
      clearTimeout(timer);
    }
  }

  private handler(functionId: string): Promise<Handler> {
    let loading = this.loaded.get(functionId);
    if (!loading) {
      const spec = this.spec(functionId);
      const url = `${pathToFileURL(resolve(REPO_ROOT, spec.entry)).href}${this.instance}`;
      loading = import(url).then((module: { handler?: Handler }) => {
        if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
        return module.handler;
      });
      this.loaded.set(functionId, loading);
    }
    return loading;
  }
}
