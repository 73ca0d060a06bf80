import type { Rule } from './types.js';

/**
 * Types a rule as `Rule` while keeping its literal id, so `RuleId` is a union of ids.
 * (`as const satisfies Rule` would keep the id too, but narrows `check` to the parameters it declares.)
 */
export const defineRule = <const Id extends string>(rule: Rule & { readonly id: Id }): Rule & { readonly id: Id } => rule;
