/**
 * EventBridge event patterns, evaluated as EventBridge evaluates them, so that the local bus routes with exactly
 * the patterns CDK deploys (and Lambda's stream filter criteria, which use the same grammar). No maintained npm
 * package implements the grammar, so this follows the EventBridge user guide ("Event patterns", "Content
 * filtering") for the operators below; test/unit/shared/feed/event-pattern.test.ts runs the guide's examples.
 *
 * Supported: exact values (strings, numbers compared numerically, booleans, null), `prefix`, `suffix`,
 * `equals-ignore-case`, `anything-but` (a value, a list, or a `prefix`/`suffix`), `exists`, `numeric`
 * comparisons, `wildcard` and `$or`. Not supported (rejected by `validateEventPattern`): `cidr`.
 */

export type EventPattern = { readonly [field: string]: EventPattern | readonly unknown[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Matcher = (value: unknown, present: boolean) => boolean;

const wildcardRegex = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );

const numericMatcher = (conditions: readonly unknown[]): Matcher => {
  const pairs: Array<[string, number]> = [];
  for (let i = 0; i < conditions.length; i += 2) pairs.push([String(conditions[i]), Number(conditions[i + 1])]);
  return (value, present) =>
    present &&
    typeof value === 'number' &&
    pairs.every(([op, bound]) => {
      switch (op) {
        case '=':
          return value === bound;
        case '<':
          return value < bound;
        case '<=':
          return value <= bound;
        case '>':
          return value > bound;
        case '>=':
          return value >= bound;
        default:
          throw new Error(`Unknown numeric operator ${op}`);
      }
    });
};

const exactMatcher =
  (expected: unknown): Matcher =>
  (value, present) =>
    present && (typeof expected === 'number' ? typeof value === 'number' && value === expected : value === expected);

const stringOperator = (name: 'prefix' | 'suffix', operand: unknown): ((text: string) => boolean) => {
  if (isObject(operand) && typeof operand['equals-ignore-case'] === 'string') {
    const wanted = (operand['equals-ignore-case'] as string).toLowerCase();
    return name === 'prefix'
      ? (text) => text.toLowerCase().startsWith(wanted)
      : (text) => text.toLowerCase().endsWith(wanted);
  }
  if (typeof operand !== 'string') throw new Error(`"${name}" takes a string`);
  return name === 'prefix' ? (text) => text.startsWith(operand) : (text) => text.endsWith(operand);
};

const operatorMatcher = (operator: Record<string, unknown>): Matcher => {
  const [name, operand] = Object.entries(operator)[0] ?? [];
  switch (name) {
    case 'prefix':
    case 'suffix': {
      const test = stringOperator(name, operand);
      return (value, present) => present && typeof value === 'string' && test(value);
    }
    case 'equals-ignore-case': {
      const wanted = String(operand).toLowerCase();
      return (value, present) => present && typeof value === 'string' && value.toLowerCase() === wanted;
    }
    case 'exists':
      return (_value, present) => present === operand;
    case 'numeric':
      return numericMatcher(operand as readonly unknown[]);
    case 'wildcard': {
      const regex = wildcardRegex(String(operand));
      return (value, present) => present && typeof value === 'string' && regex.test(value);
    }
    case 'anything-but': {
      if (isObject(operand)) {
        const [inner, innerOperand] = Object.entries(operand)[0] ?? [];
        if (inner !== 'prefix' && inner !== 'suffix') throw new Error(`Unsupported anything-but operator ${inner}`);
        const test = stringOperator(inner, innerOperand);
        return (value, present) => present && typeof value === 'string' && !test(value);
      }
      const excluded = (Array.isArray(operand) ? operand : [operand]).map(exactMatcher);
      return (value, present) => present && !excluded.some((m) => m(value, true));
    }
    default:
      throw new Error(`Unsupported event pattern operator "${name}"`);
  }
};

const fieldMatchers = (values: readonly unknown[]): Matcher[] =>
  values.map((v) => (isObject(v) ? operatorMatcher(v) : exactMatcher(v)));

/** Whether `event` matches `pattern` (both JSON values). */
export const matchesEventPattern = (pattern: EventPattern, event: unknown): boolean => {
  for (const [key, rule] of Object.entries(pattern)) {
    if (key === '$or') {
      const alternatives = rule as readonly EventPattern[];
      if (!alternatives.some((alternative) => matchesEventPattern(alternative, event))) return false;
      continue;
    }
    const present = isObject(event) && Object.hasOwn(event, key);
    const value = present ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(rule)) {
      const matchers = fieldMatchers(rule);
      // A field that is an array in the event matches when any of its elements does.
      const candidates = Array.isArray(value) ? value : [value];
      const existence = matchers.length === 1 && isObject(rule[0]) && 'exists' in (rule[0] as object);
      if (existence) {
        if (!(matchers[0] as Matcher)(value, present && !(Array.isArray(value) && value.length === 0))) return false;
        continue;
      }
      if (!candidates.some((candidate) => matchers.some((m) => m(candidate, present)))) return false;
    } else if (!matchesEventPattern(rule as EventPattern, value)) {
      return false;
    }
  }
  return true;
};

/** Throws when a pattern uses an operator this evaluator does not implement (so local and AWS never differ). */
export const validateEventPattern = (pattern: EventPattern): void => {
  const walk = (node: EventPattern): void => {
    for (const [key, rule] of Object.entries(node)) {
      if (key === '$or') {
        for (const alternative of rule as readonly EventPattern[]) walk(alternative);
      } else if (Array.isArray(rule)) {
        for (const item of rule) if (isObject(item)) operatorMatcher(item);
      } else {
        walk(rule as EventPattern);
      }
    }
  };
  walk(pattern);
};
