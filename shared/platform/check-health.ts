/**
 * Platform health: each component is probed in parallel with a time limit, and the platform is healthy
 * only if every component is. Probes are ports, so the rule is tested without AWS.
 */
export interface ComponentStatus {
  readonly status: 'ok' | 'down';
  readonly latencyMs: number;
  readonly detail?: string;
}

export type Probe = () => Promise<string | undefined>;

export interface Health {
  readonly status: 'ok' | 'degraded';
  readonly components: Record<string, ComponentStatus>;
}

export const checkHealth =
  (probes: Readonly<Record<string, Probe>>, timeoutMs = 2000) =>
  async (): Promise<Health> => {
    const entries = await Promise.all(
      Object.entries(probes).map(async ([name, probe]): Promise<[string, ComponentStatus]> => {
        const started = performance.now();
        let timer: NodeJS.Timeout | undefined;
        try {
          const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          });
          const detail = await Promise.race([probe(), timeout]);
          return [
            name,
            { status: 'ok', latencyMs: Math.round(performance.now() - started), ...(detail ? { detail } : {}) },
          ];
        } catch (error) {
          return [
            name,
            { status: 'down', latencyMs: Math.round(performance.now() - started), detail: (error as Error).message },
          ];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const components = Object.fromEntries(entries);
    return { status: entries.every(([, c]) => c.status === 'ok') ? 'ok' : 'degraded', components };
  };
