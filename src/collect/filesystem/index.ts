import type { ConfigFacts, FilesystemFacts, LayerFacts } from '../../facts.js';
import { findHealthcheckTools } from '../layers/healthcheck-tools.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { detectExecutables, findPrivilegeTools } from './executables.js';
import { detectFileSecrets, wants as fileSecretsWants } from './file-secrets.js';
import { detectOs, wants as osReleaseWants } from './os-release.js';
import { detectPackageCaches } from './package-caches.js';
import { detectUsers, wants as passwdWants } from './passwd.js';
import { anyWanted } from './paths.js';
import { detectPermissions } from './permissions.js';
import { detectSensitiveFiles } from './sensitive-files.js';
import { detectWaste } from './wasted.js';

export { findPrivilegeTools, findTools, PRIVILEGE_TOOLS } from './executables.js';

/**
 * Every detector's content declaration. The stream reader calls it once per regular file of at most
 * CONTENT_SIZE_CAP bytes: equality checks, a base-name slice, Set lookups and at most one anchored regex.
 */
export const FILESYSTEM_CONTENT_WANTED: ContentWanted = anyWanted(passwdWants, osReleaseWants, fileSecretsWants);

export interface FilesystemContext {
  readonly config: ConfigFacts;
  /** createdBy of the history step that made each layer, by layer index (redacted already); null when unknown. */
  readonly layerCreatedBy: readonly (string | null)[];
}

export function buildFilesystemFacts(view: FinalView, context: FilesystemContext): FilesystemFacts {
  return {
    fileCount: countFiles(view),
    layers: view.layers.map(
      (layer): LayerFacts => ({
        index: layer.index,
        source: layer.source,
        compression: layer.compression,
        readable: layer.readable,
        fileBytes: layer.fileBytes,
        entryCount: layer.entries.length,
        createdBy: context.layerCreatedBy[layer.index] ?? null,
      }),
    ),
    os: detectOs(view),
    ...detectPermissions(view),
    ...detectExecutables(view),
    privilegeTools: findPrivilegeTools(view),
    ...detectUsers(view, context.config.user),
    secrets: detectFileSecrets(view),
    sensitiveFiles: detectSensitiveFiles(view),
    ...detectPackageCaches(view),
    ...detectWaste(view, context.layerCreatedBy),
    healthcheckTools: findHealthcheckTools(view, context.config.healthcheck.test),
  };
}

function countFiles(view: FinalView): number {
  let count = 0;
  for (const entry of view.files.values()) if (entry.type !== 'directory') count++;
  return count;
}
