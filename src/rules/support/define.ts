import type { FactsWith, Need, Rule, RuleMeta, RuleOptions, Verdict } from './types.js';

/**
 * Types a rule as `Rule` while keeping its literal id, so `RuleId` is a union of ids, and hands its check the facts
 * it declares it needs (`needs: ['filesystem']` → `facts.filesystem` is there; evaluate() skips the rule otherwise).
 */
export const defineRule = <const Id extends string, const N extends Need>(
  rule: RuleMeta & {
    readonly id: Id;
    readonly needs: readonly N[];
    check(facts: FactsWith<N>, options: RuleOptions): Verdict;
  },
): Rule & { readonly id: Id } => rule;
