import { execForm } from './exec-form.js';
import { healthcheckDefined } from './healthcheck-defined.js';
import { imageSize } from './image-size.js';
import { layerCount } from './layer-count.js';
import { noAptUpgrade } from './no-apt-upgrade.js';
import { noLatestTag } from './no-latest-tag.js';
import { noSecretsInEnv } from './no-secrets-in-env.js';
import { nonRootUser } from './non-root-user.js';
import { ociLabels } from './oci-labels.js';
import { preferCopy } from './prefer-copy.js';
import type { Rule } from './types.js';

/** Every rule, in report order. */
export const RULES = [
  nonRootUser,
  healthcheckDefined,
  ociLabels,
  imageSize,
  layerCount,
  execForm,
  noSecretsInEnv,
  noLatestTag,
  preferCopy,
  noAptUpgrade,
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

export function isRuleId(id: string): id is RuleId {
  return ruleById(id) !== undefined;
}
