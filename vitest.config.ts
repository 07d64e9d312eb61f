import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that change much of the shared local cloud's population (the bulk sync links cards onto two thirds of
 * the seeded citizens, and the feed then delivers each change): they run after every other file, whatever order
 * Vitest would pick (it sorts by the durations it cached, so a fresh clone and a developer's machine differ), so the
 * files that expect an untouched citizen never meet their changes.
 */
const RUN_LAST = ['test/integration/bulk-sync/'];

class PopulationChangesLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => RUN_LAST.some((path) => f.moduleId.includes(path));
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

/** Handlers log and trace through Powertools; in tests only their results matter. */
const env = { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_TRACE_ENABLED: 'false' };

export default defineConfig({
  test: {
    /**
     * Two workers even on a 2-core machine (Vitest's default there is one): the integration files mostly wait on the
     * local cloud, which runs in the main process, so the unit and infra files use the CPU they leave idle.
     */
    maxWorkers: 2,
    sequence: { sequencer: PopulationChangesLast },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env } },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'integration',
          // The browser tests (test/e2e) drive the portal against the same local cloud, one file at a time.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
