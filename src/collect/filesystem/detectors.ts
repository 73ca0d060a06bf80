import type { ConfigFacts, FilesystemFacts } from '../../facts.js';
import { findHealthcheckTools } from './healthcheck-tools.js';
import type { ContentWanted, FinalView } from '../layers/types.js';
import { detectExecutables, findPrivilegeTools, findTools } from './executables.js';
import { detectFileSecrets, wants as fileSecretsWants } from './file-secrets.js';
import { detectOs, wants as osReleaseWants } from './os-release.js';
import { detectPackageCaches } from './package-caches.js';
import { detectPackages, wants as packagesWants } from './packages.js';
import { detectUsers, wants as passwdWants } from './passwd.js';
import { detectPermissions } from './permissions.js';
import { detectSensitiveFiles } from './sensitive-files.js';
import { detectWaste } from './wasted.js';
import { detectShadow, wants as shadowWants } from './shadow.js';
import { detectDevLeftovers } from './dev-leftovers.js';
import { detectLanguageRuntimes, wants as languageRuntimesWants } from './language-runtimes.js';

export interface DetectorContext {
  readonly config: ConfigFacts;
  /** createdBy of the history step that made each layer, by layer index (redacted already); null when unknown. */
  readonly layerCreatedBy: readonly (string | null)[];
  /** The index into `config.history` of the step that made each layer, when the image's config says. */
  readonly layerHistoryIndex?: readonly (number | null)[];
}

/** The facts the detectors provide: everything but what the scan itself counts. */
export type DetectedFacts = Omit<FilesystemFacts, 'fileCount' | 'layers' | 'detectorErrors' | 'pathLayers'>;

/**
 * One detector: the small files whose content it needs (the layer scan keeps those bytes and no others), a pure
 * function of the merged view, and what its facts are when it fails, so one broken detector costs only its own facts.
 */
export interface Detector<K extends keyof DetectedFacts = keyof DetectedFacts> {
  readonly name: string;
  readonly wants?: ContentWanted;
  readonly detect: (view: FinalView, context: DetectorContext) => Pick<DetectedFacts, K>;
  /** Its facts when it threw: empty, and unreadable by the rules (they then say `error`, naming the detector). */
  readonly failed: Pick<DetectedFacts, K>;
}

/** A detector of the registry, whatever facts it provides. */
export interface AnyDetector {
  readonly name: string;
  readonly wants?: ContentWanted;
  readonly detect: (view: FinalView, context: DetectorContext) => Partial<DetectedFacts>;
  readonly failed: Partial<DetectedFacts>;
}

/** Checks that a detector's `detect` and `failed` provide the same facts. */
const detector = <K extends keyof DetectedFacts>(definition: Detector<K>): AnyDetector => definition;

/** SSH servers: OpenSSH's and Dropbear's. */
const SSH_DAEMONS = ['sshd', 'dropbear'];

/** Every detector; together they provide each DetectedFacts field exactly once (a unit test holds it). */
export const DETECTORS = [
  detector({
    name: 'os-release',
    wants: osReleaseWants,
    detect: (view) => ({ os: detectOs(view) }),
    failed: { os: { id: 'unknown', versionId: null, prettyName: 'unknown' } },
  }),
  detector({ name: 'permissions', detect: detectPermissions, failed: { setuid: [], setgid: [], worldWritable: [] } }),
  detector({
    name: 'executables',
    detect: detectExecutables,
    failed: { packageManagers: [], busyboxApplets: [], shells: [], buildTools: [], devTools: [] },
  }),
  detector({
    name: 'privilege-tools',
    detect: (view) => ({ privilegeTools: findPrivilegeTools(view) }),
    failed: { privilegeTools: [] },
  }),
  detector({
    name: 'users',
    wants: passwdWants,
    detect: (view, { config }) => detectUsers(view, config.user),
    failed: {
      users: [],
      userResolution: { user: '', resolves: false, uid: null, reason: 'unknown: the users detector failed' },
      duplicateIds: [],
    },
  }),
  detector({
    name: 'file-secrets',
    wants: fileSecretsWants,
    detect: (view) => ({ secrets: detectFileSecrets(view) }),
    failed: { secrets: [] },
  }),
  detector({
    name: 'sensitive-files',
    detect: (view) => ({ sensitiveFiles: detectSensitiveFiles(view) }),
    failed: { sensitiveFiles: [] },
  }),
  detector({
    name: 'package-caches',
    detect: detectPackageCaches,
    failed: { packageCaches: [], packageCacheBytes: 0 },
  }),
  detector({
    name: 'wasted-space',
    detect: (view, { layerCreatedBy }) => detectWaste(view, layerCreatedBy),
    failed: { wastedBytes: 0, wastedFiles: [] },
  }),
  detector({
    name: 'healthcheck-tools',
    detect: (view, { config }) => ({ healthcheckTools: findHealthcheckTools(view, config.healthcheck.test) }),
    failed: { healthcheckTools: [] },
  }),
  detector({
    name: 'shadow',
    wants: shadowWants,
    detect: (view) => ({ shadow: detectShadow(view) }),
    failed: { shadow: null },
  }),
  detector({
    name: 'dev-leftovers',
    detect: (view) => ({ devLeftovers: detectDevLeftovers(view) }),
    failed: { devLeftovers: [] },
  }),
  detector({
    name: 'ssh-daemons',
    detect: (view) => ({ sshDaemons: findTools(view, SSH_DAEMONS) }),
    failed: { sshDaemons: [] },
  }),
  detector({
    name: 'packages',
    wants: packagesWants,
    detect: (view) => ({ inventory: detectPackages(view) }),
    failed: { inventory: { packages: [], notInventoried: [] } },
  }),
  detector({
    name: 'language-runtimes',
    wants: languageRuntimesWants,
    detect: (view) => ({ languageRuntimes: detectLanguageRuntimes(view) }),
    failed: { languageRuntimes: [] },
  }),
] as const satisfies readonly AnyDetector[];
