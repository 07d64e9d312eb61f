import { describe, expect, it } from 'vitest';
import { checkHealth } from '../../../../shared/platform/check-health.ts';

describe('checkHealth', () => {
  it('is ok when every component answers', async () => {
    const health = await checkHealth({ a: async () => undefined, b: async () => '3 queues' })();
    expect(health.status).toBe('ok');
    expect(health.components.b).toMatchObject({ status: 'ok', detail: '3 queues' });
  });

  it('is degraded and names the cause when one component fails', async () => {
    const health = await checkHealth({
      a: async () => undefined,
      b: async () => {
        throw new Error('connection refused');
      },
    })();
    expect(health.status).toBe('degraded');
    expect(health.components.b).toMatchObject({ status: 'down', detail: 'connection refused' });
    expect(health.components.a?.status).toBe('ok');
  });

  it('reports a component that does not answer in time as down', async () => {
    const health = await checkHealth({ slow: () => new Promise(() => undefined) }, 20)();
    expect(health.components.slow).toMatchObject({ status: 'down', detail: 'no answer within 20 ms' });
  });
});
