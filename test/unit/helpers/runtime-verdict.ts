import type { RuntimeFacts } from '../../../src/facts.js';
import { judgeRule } from '../../../src/evaluate/evaluate.js';
import { DEFAULT_RULE_OPTIONS, type Rule, type Verdict } from '../../../src/rules/support/types.js';
import { makeFacts } from './facts.js';
import { makeRuntime } from './runtime.js';

/** A runtime rule's verdict on facts with this runtime phase (null: it did not run). */
export const runtimeVerdict = (
  rule: Rule,
  runtime: Partial<RuntimeFacts> | null,
  extra: Parameters<typeof makeFacts>[0] = {},
): Verdict =>
  judgeRule(rule, { ...makeFacts(extra), ...(runtime ? { runtime: makeRuntime(runtime) } : {}) }, DEFAULT_RULE_OPTIONS);

/** What the runtime phase records for a container the engine refused to start. */
export const notStarted = {
  started: false,
  startError: 'unable to find user ghost: no matching entries in passwd file',
  running: false,
  processes: [],
  uids: [],
  pid1Command: null,
  stop: null,
};
