/**
 * The catalogue (shared/dossiers/catalogue.ts) and the state machines (statemachines/*.asl.json) describe the
 * same groups twice; these tests keep them in step, and check the error handling every path relies on: a
 * rejected step is never retried and ends in NotifyRejection, anything else ends in NotifyFailure, and the path
 * where every step is approved ends with the last step, whose approval completes the dossier
 * (shared/dossiers/finish-dossier.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GROUP_IDS, GROUPS, type GroupId, stepsOfGroup } from '../../../../shared/dossiers/catalogue.ts';
import { STEP_REJECTED } from '../../../../shared/dossiers/run-step.ts';
import { workflowInput } from '../../../../shared/dossiers/start-workflow.ts';
import { submitDossier } from '../../../../shared/dossiers/submit-dossier.ts';
import { INVALID_TASK_INPUT } from '../../../../shared/lambda/task-input.ts';
import { birthRequest, deathRequest, NOW, PINS, world } from './fixtures.ts';

interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly MaxAttempts?: number;
}
interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly ResultPath?: string;
}
interface ChoiceRule {
  readonly Variable?: string;
  readonly Not?: ChoiceRule;
  readonly BooleanEquals?: boolean;
  readonly StringEquals?: string;
  readonly IsPresent?: boolean;
  readonly Next: string;
  readonly [operator: string]: unknown;
}
interface AslState {
  readonly Type: 'Task' | 'Choice' | 'Fail' | 'Succeed' | 'Pass' | 'Wait' | 'Parallel' | 'Map';
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown> & { readonly Payload?: Record<string, unknown> };
  readonly ResultPath?: string | null;
  readonly TimeoutSeconds?: number;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly Next?: string;
  readonly End?: boolean;
  readonly Choices?: readonly ChoiceRule[];
  readonly Default?: string;
}
interface Asl {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

const load = (group: GroupId): Asl =>
  JSON.parse(readFileSync(new URL(`../../../../statemachines/${group}.asl.json`, import.meta.url), 'utf8')) as Asl;

const NOTIFY = ['NotifyRejection', 'NotifyFailure'] as const;
const isNotify = (name: string) => (NOTIFY as readonly string[]).includes(name);

const stateOf = (asl: Asl, name: string): AslState => {
  const state = asl.States[name];
  if (!state) throw new Error(`No state ${name}`);
  return state;
};

/** Every state a state can go to next, by any route (Next, Default, a Choice rule or a Catch). */
const successors = (state: AslState): string[] => [
  ...(state.Next ? [state.Next] : []),
  ...(state.Default ? [state.Default] : []),
  ...(state.Choices ?? []).map((c) => c.Next),
  ...(state.Catch ?? []).map((c) => c.Next),
];

const humanStepOf = (state: AslState): unknown => state.Parameters?.Payload?.stepId;
const stepTasks = (asl: Asl) =>
  Object.entries(asl.States).filter(([name, state]) => state.Type === 'Task' && !isNotify(name));

/** Reads `$.name` from the execution input (the only JSONPath the Choice states use). */
const readPath = (input: Readonly<Record<string, unknown>>, path: string): unknown => {
  const match = /^\$\.([A-Za-z]+)$/.exec(path);
  if (!match?.[1]) throw new Error(`Unsupported path ${path}`);
  return input[match[1]];
};

/** Whether a Choice rule matches the input (the operators the state machines use: IsPresent, String/BooleanEquals). */
const matches = (rule: ChoiceRule, input: Readonly<Record<string, unknown>>): boolean => {
  if (rule.Not) return !matches(rule.Not, input);
  const value = readPath(input, String(rule.Variable));
  if (rule.IsPresent !== undefined) return (value !== undefined) === rule.IsPresent;
  if (rule.StringEquals !== undefined) return value === rule.StringEquals;
  if (rule.BooleanEquals !== undefined) return value === rule.BooleanEquals;
  throw new Error(`Unsupported rule ${JSON.stringify(rule)}`);
};

/**
 * Follows the path an execution takes when every step succeeds: Tasks go to Next (their ResultPath is null,
 * so the input reaches the Choice states unchanged), Choice states take their first matching rule.
 */
const happyPath = (asl: Asl, input: Readonly<Record<string, unknown>>) => {
  const visited: string[] = [];
  let name = asl.StartAt;
  for (let hops = 0; hops < 50; hops++) {
    const state = stateOf(asl, name);
    visited.push(name);
    if (state.End || state.Type === 'Fail' || state.Type === 'Succeed') return visited;
    if (state.Type === 'Choice') {
      const rule = (state.Choices ?? []).find((c) => matches(c, input));
      name = rule?.Next ?? String(state.Default);
    } else {
      name = String(state.Next);
    }
  }
  throw new Error('The path does not end');
};

describe.each(GROUP_IDS)('%s: catalogue and state machine', (group) => {
  const asl = load(group);
  const catalogue = stepsOfGroup(group);

  it('runs every step of the catalogue, in its order, as a waitForTaskToken task named after the step', () => {
    const tasks = stepTasks(asl);
    expect(tasks.map(([, state]) => humanStepOf(state))).toEqual(catalogue.map((s) => s.id));
    for (const [name, state] of tasks) {
      expect(name).toBe(humanStepOf(state));
      expect(state.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(state.Parameters?.Payload).toEqual({
        'dossierId.$': '$.dossierId',
        stepId: name,
        'taskToken.$': '$$.Task.Token',
      });
      // Without a timeout a forgotten task would wait a year; with one, it ends in NotifyFailure.
      expect(state.TimeoutSeconds).toBeGreaterThan(0);
    }
  });

  it('has one Task per catalogue step, and the path with every option chosen visits them in catalogue order', () => {
    expect(
      stepTasks(asl)
        .map(([name]) => name)
        .sort(),
    ).toEqual([...GROUPS[group].steps].sort());
    const everything = { dossierId: 'HS01-20261123-ABCDEFGHJK', funeralAllowance: true, survivorBenefit: true };
    const path = happyPath(asl, everything);
    expect(path).toEqual([...GROUPS[group].steps]);
    expect(stateOf(asl, String(path.at(-1))).End).toBe(true);
  });

  it('gives every step task a StepRejected retrier with MaxAttempts 0 first and States.ALL last', () => {
    for (const [name, state] of stepTasks(asl)) {
      const retry = state.Retry ?? [];
      expect(retry.length, name).toBeGreaterThan(0);
      expect(retry[0], name).toEqual({ ErrorEquals: [STEP_REJECTED], MaxAttempts: 0 });
      // ASL: States.ALL must be alone and last, or the retriers after it never apply.
      const allIndex = retry.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
      expect(allIndex, name).toBe(retry.length - 1);
      expect(retry[allIndex]?.ErrorEquals, name).toEqual(['States.ALL']);
    }
  });

  it('never retries a task whose input its function cannot read (InvalidTaskInput), Notify* included', () => {
    const tasks = Object.entries(asl.States).filter(([, state]) => state.Type === 'Task');
    expect(tasks.length).toBeGreaterThan(2);
    for (const [name, state] of tasks) {
      const retry = state.Retry ?? [];
      const invalid = retry.findIndex((r) => r.ErrorEquals.includes(INVALID_TASK_INPUT));
      expect(retry[invalid], name).toEqual({ ErrorEquals: [INVALID_TASK_INPUT], MaxAttempts: 0 });
      // Before States.ALL, which would otherwise retry it first.
      expect(invalid, name).toBeLessThan(retry.findIndex((r) => r.ErrorEquals.includes('States.ALL')));
    }
  });

  it('catches a rejection into NotifyRejection and everything else into NotifyFailure, keeping the input', () => {
    for (const [name, state] of stepTasks(asl)) {
      const catchers = state.Catch ?? [];
      expect(catchers.at(-1), name).toEqual({
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: 'NotifyFailure',
      });
      expect(catchers[0], name).toEqual({
        ErrorEquals: [STEP_REJECTED],
        ResultPath: '$.error',
        Next: 'NotifyRejection',
      });
      // The task's result must not replace the input: the next states and the Notify* ones read $.dossierId.
      expect(state.ResultPath, name).toBeNull();
    }
  });

  it('starts at the first step and branches nowhere: one transition per step on the way to the end', () => {
    // A resumption is a new execution from the first step, where the approved steps replay their outcome, and an
    // optional step not requested passes in its own task: no Choice state, whose transition every group would pay.
    expect(asl.StartAt).toBe(GROUPS[group].steps[0]);
    expect(Object.values(asl.States).filter((state) => state.Type === 'Choice')).toEqual([]);
  });

  it('ends every path in the last step, NotifyRejection or NotifyFailure (then at most the Fail state)', () => {
    const reachable = new Set<string>();
    const walk = (name: string, path: readonly string[]) => {
      expect(path, `cycle through ${name}`).not.toContain(name);
      reachable.add(name);
      const state = stateOf(asl, name);
      const next = successors(state);
      if (next.length === 0) {
        // A terminal state: the last step, NotifyRejection, or the Fail state right after NotifyFailure.
        if (state.Type === 'Fail') expect(path.at(-1)).toBe('NotifyFailure');
        else expect([GROUPS[group].steps.at(-1), 'NotifyRejection'], `${[...path, name].join(' → ')}`).toContain(name);
        return;
      }
      for (const to of next) walk(to, [...path, name]);
    };
    walk(asl.StartAt, []);
    expect([...reachable].sort()).toEqual(Object.keys(asl.States).sort());
    for (const name of NOTIFY) {
      const state = stateOf(asl, name);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL definition substitution, not a template
      expect(state.Resource).toBe('${NotifyCitizenFunction}');
      expect(state.Catch).toBeUndefined();
    }
  });

  it('passes finishDossier the outcome it expects, and the caught error to the two failure paths', () => {
    expect(asl.States.NotifyRejection?.Parameters).toEqual({
      'dossierId.$': '$.dossierId',
      outcome: 'rejected',
      'error.$': '$.error',
    });
    expect(asl.States.NotifyFailure?.Parameters).toEqual({
      'dossierId.$': '$.dossierId',
      outcome: 'failed',
      'error.$': '$.error',
    });
    expect(asl.States.NotifyCitizen).toBeUndefined();
    expect(asl.States.NotifyRejection?.End).toBe(true);
    expect(stateOf(asl, String(asl.States.NotifyFailure?.Next)).Type).toBe('Fail');
  });
});

describe('death group: optional steps and workflowInput', () => {
  const asl = load('death-group');

  it.each([
    [[], ['RegisterDeath', 'DeletePermanentResidence']],
    [['funeral-allowance'], ['RegisterDeath', 'DeletePermanentResidence', 'GrantFuneralAllowance']],
    [
      ['funeral-allowance', 'survivor-benefit'],
      ['RegisterDeath', 'DeletePermanentResidence', 'GrantFuneralAllowance', 'GrantSurvivorBenefit'],
    ],
  ])('with alsoRequest %j runs exactly the steps intake recorded on the dossier', async (alsoRequest, expected) => {
    const w = world();
    const { dossier } = await submitDossier({
      store: w.store,
      population: w.population,
      queue: w.queue,
      now: () => NOW,
      onboardedProvinces: new Set(['01']),
    })(PINS.father, deathRequest({ alsoRequest }), 'k');
    expect(dossier.steps).toEqual(expected);
    const stored = await w.store.get(dossier.id);
    if (!stored) throw new Error('not stored');
    // The state machine visits every step; those not on the dossier pass at once (openHumanStep: not-requested),
    // and the approval of the dossier's last step completes it.
    const path = happyPath(asl, workflowInput(stored));
    expect(path).toEqual([...GROUPS['death-group'].steps]);
    expect(path.filter((n) => dossier.steps.includes(n as never))).toEqual(dossier.steps);
  });

  it('gives the birth group no branch inputs: all three steps always run', async () => {
    const w = world();
    const { dossier } = await submitDossier({
      store: w.store,
      population: w.population,
      queue: w.queue,
      now: () => NOW,
      onboardedProvinces: new Set(['01']),
    })(PINS.mother, birthRequest(), 'k');
    const stored = await w.store.get(dossier.id);
    if (!stored) throw new Error('not stored');
    expect(workflowInput(stored)).toEqual({ dossierId: dossier.id });
    const birth = load('birth-group');
    expect(happyPath(birth, workflowInput(stored))).toEqual(dossier.steps);
  });
});
