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
     * Two workers even on a 2-core machine (Vitest's default there is one). `npm run test:all` (scripts/test-all.ts)
     * runs the integration project in a Vitest process of its own beside the unit and infra projects: within one
     * process, a project without file parallelism runs only after all the others.
     */
    maxWorkers: 2,
    sequence: { sequencer: PopulationChangesLast },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', env } },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          /**
           * One module graph per worker rather than per file: aws-cdk-lib is imported once, and synth.ts's cache of
           * synthesized apps serves every file (seven files synthesize the default platform). The files build their
           * own apps and never change a shared one, so isolation bought nothing but 40% more CPU (202 s → 132 s
           * for this project alone on 2 cores).
           */
          isolate: false,
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
          /**
           * The files run one after another in one module graph instead of re-importing theirs (about 120 s of a
           * 650 s run went to that). What a file could leak to the next is what a Lambda execution environment keeps
           * between invocations: clients are built per endpoint (clientPerEndpoint in shared/adapters/aws-clients.ts)
           * and every local cloud a file starts loads its own copies of the handlers (LocalLambdaRuntime) and puts the
           * environment back when it stops, so nothing stays bound to a cloud an earlier file stopped.
           */
          isolate: false,
        },
      },
    ],
  },
});
