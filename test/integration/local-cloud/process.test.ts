import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/local/lambda-runtime.ts';
import { freePort } from '../../support/free-port.ts';

const javaProcessesUsing = (dir: string): number[] => {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

const groupAlive = (pgid: number): boolean => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('prints the URLs, serves /health, and leaves no process behind after Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'p06-start-'));
    const apiPort = await freePort();
    const child = spawn('npm', ['start'], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        API_PORT: String(apiPort),
        AWS_PORT: String(await freePort()),
        DYNAMODB_PORT: String(await freePort()),
        SEED_CITIZENS: '200',
        PROVINCES: '01,37',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    // 'close' comes after the child's stdout and stderr have ended: only then is all it printed in `output`.
    const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      const deadline = Date.now() + 90_000;
      while (!output.includes('Press Ctrl-C') && Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(output).toContain(`http://localhost:${apiPort}/health`);
      expect((await fetch(`http://localhost:${apiPort}/health`)).status).toBe(200);
      expect(javaProcessesUsing(dataDir).length).toBeGreaterThan(0);

      // Ctrl-C in a terminal signals the whole foreground process group: npm, tsx, node and java.
      process.kill(-(child.pid as number), 'SIGINT');
      const deadline2 = Date.now() + 20_000;
      while (groupAlive(child.pid as number) && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 200));
      expect(groupAlive(child.pid as number), 'a process of `npm start` is still running').toBe(false);
      expect(javaProcessesUsing(dataDir)).toEqual([]);
      // The group can be gone before this process has read the last lines from the pipes.
      await Promise.race([closed, new Promise((r) => setTimeout(r, 5_000))]);
      expect(output).toContain('[local-cloud] stopped');
    } finally {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
