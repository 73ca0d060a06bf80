import { boundedWrites } from './bounded-writes.js';
import { execForm } from './exec-form.js';
import { gracefulShutdown } from './graceful-shutdown.js';
import { healthcheckPasses } from './healthcheck-passes.js';
import { logsToStdout } from './logs-to-stdout.js';
import { readonlyRootfs } from './readonly-rootfs.js';
import { runtimeNonRoot } from './runtime-non-root.js';
import { startsCleanly } from './starts-cleanly.js';
import { healthcheckDefined } from './healthcheck-defined.js';
import { imageSize } from './image-size.js';
import { layerCount } from './layer-count.js';
import { layersReadable } from './layers-readable.js';
import { minimalBase } from './minimal-base.js';
import { noAptUpgrade } from './no-apt-upgrade.js';
import { noBuildTools } from './no-build-tools.js';
import { noDevTools } from './no-dev-tools.js';
import { noLatestTag } from './no-latest-tag.js';
import { noPackageCache } from './no-package-cache.js';
import { noPackageManager } from './no-package-manager.js';
import { noSecretsInEnv } from './no-secrets-in-env.js';
import { noSecretsInLayers } from './no-secrets-in-layers.js';
import { noSensitiveFiles } from './no-sensitive-files.js';
import { noSetuidBinaries } from './no-setuid-binaries.js';
import { noSudo } from './no-sudo.js';
import { noWorldWritable } from './no-world-writable.js';
import { nonRootUser } from './non-root-user.js';
import { ociLabels } from './oci-labels.js';
import { preferCopy } from './prefer-copy.js';
import { userExists } from './user-exists.js';
import { wastedSpace } from './wasted-space.js';
import { noSystemVolumes } from './no-system-volumes.js';
import { packageInstallCleanup } from './package-install-cleanup.js';
import { noSsh } from './no-ssh.js';
import { noEmptyPassword } from './no-empty-password.js';
import { uniqueIds } from './unique-ids.js';
import { noDevLeftovers } from './no-dev-leftovers.js';
import { supportedBaseOs } from './supported-base-os.js';
import { supportedRuntimes } from './supported-runtimes.js';
import { dockerfileValid } from './dockerfile-valid.js';
import { baseImagePinned } from './base-image-pinned.js';
import { multiStageBuild } from './multi-stage-build.js';
import { dependenciesLocked } from './dependencies-locked.js';
import { dockerignoreOptimised } from './dockerignore-optimised.js';
import { buildkitFeatures } from './buildkit-features.js';
import { finalUserNotRoot } from './final-user-not-root.js';
import { aptNoRecommends } from './apt-no-recommends.js';
import { noCurlPipeShell } from './no-curl-pipe-shell.js';
import { noAddUrl } from './no-add-url.js';
import { runPipefail } from './run-pipefail.js';
import { vulnerabilityScan } from './vulnerability-scan.js';
import type { Rule } from './support/types.js';

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
  noSystemVolumes,
  packageInstallCleanup,
  noSsh,
  noSetuidBinaries,
  noWorldWritable,
  noPackageManager,
  noSudo,
  noBuildTools,
  noDevTools,
  noSecretsInLayers,
  noSensitiveFiles,
  noPackageCache,
  wastedSpace,
  userExists,
  minimalBase,
  noEmptyPassword,
  uniqueIds,
  noDevLeftovers,
  supportedBaseOs,
  supportedRuntimes,
  layersReadable,
  startsCleanly,
  runtimeNonRoot,
  healthcheckPasses,
  readonlyRootfs,
  gracefulShutdown,
  logsToStdout,
  boundedWrites,
  dockerfileValid,
  baseImagePinned,
  multiStageBuild,
  dependenciesLocked,
  dockerignoreOptimised,
  buildkitFeatures,
  finalUserNotRoot,
  aptNoRecommends,
  noCurlPipeShell,
  noAddUrl,
  runPipefail,
  vulnerabilityScan,
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((rule) => rule.id === id);
}

export function isRuleId(id: string): id is RuleId {
  return ruleById(id) !== undefined;
}
