/** What an audit knows about one image. Built once by the collectors, read-only afterwards. */

export interface HistoryEntry {
  /** The build step, with secret values already redacted. */
  readonly createdBy: string;
  readonly created: string | null;
  readonly sizeBytes: number;
  readonly comment: string;
}

/** Where a secret candidate was seen in the image configuration or its build history. */
export type SecretSource =
  | 'env'
  | 'history-env'
  | 'history-arg'
  | 'build-arg'
  | 'history-command'
  | 'entrypoint'
  | 'cmd'
  | 'healthcheck'
  | 'label';

export interface SecretFinding {
  /** What was recognised: a token format (`aws-access-key-id`, `github-token`, …) or `secret-like-name`. */
  readonly kind: string;
  readonly source: SecretSource;
  /** The variable's or label's name; empty for a secret in a command. */
  readonly name: string;
  /** Human-readable place, e.g. `ENV AWS_SECRET_ACCESS_KEY`, `history #4 RUN build arg NPM_TOKEN`, `LABEL deploy.url`. */
  readonly location: string;
  /** A short redacted prefix of the value, never the value itself: `AKIA…(20 chars)`. */
  readonly preview: string;
  /** Index into `history` (oldest first) when the secret came from a build step. */
  readonly historyIndex?: number;
  /** Other places the same name and value were seen (an ENV is also in the history that set it). */
  readonly alsoAt?: readonly string[];
}

export interface HealthcheckFacts {
  readonly defined: boolean;
  /** `HEALTHCHECK NONE` in the image or a base image disables an inherited check. */
  readonly disabled: boolean;
  readonly test: readonly string[] | null;
  readonly intervalSeconds: number | null;
  readonly timeoutSeconds: number | null;
  readonly startPeriodSeconds: number | null;
  readonly retries: number | null;
}

export interface ConfigFacts {
  readonly id: string;
  readonly repoTags: readonly string[];
  readonly repoDigests: readonly string[];
  readonly created: string | null;
  readonly os: string;
  readonly architecture: string;
  readonly sizeBytes: number;
  /** Filesystem layers (RootFS.Layers). */
  readonly layerCount: number;
  /** The layers' diff ids (RootFS.Layers), bottom first: what the layer cache is keyed by. */
  readonly layerDiffIds: readonly string[];
  /** History entries, oldest first; includes steps that made no layer (ENV, LABEL, …). */
  readonly historyCount: number;
  readonly history: readonly HistoryEntry[];
  readonly user: string;
  readonly healthcheck: HealthcheckFacts;
  readonly labels: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[] | null;
  readonly cmd: readonly string[] | null;
  readonly entrypointShellForm: boolean;
  readonly cmdShellForm: boolean;
  /** True when either ENTRYPOINT or CMD is wrapped in a shell (`/bin/sh -c …`). */
  readonly shellForm: boolean;
  readonly exposedPorts: readonly string[];
  /** Mount points the image declares (`VOLUME`), sorted. */
  readonly volumes: readonly string[];
  /** Names only: values never enter the facts. */
  readonly envNames: readonly string[];
  readonly workingDir: string;
  readonly stopSignal: string | null;
  /**
   * Secret candidates in the configuration: ENV, ENV/ARG values and commands recorded in the build history,
   * ENTRYPOINT, CMD, HEALTHCHECK and labels.
   */
  readonly envSecrets: readonly SecretFinding[];
  /** Where the base image ends in the layers and the history; absent in facts recorded before imgaudit said. */
  readonly base?: BaseFacts;
}

/** How the boundary between the base image and the team's own build steps was found. */
export type BaseSource = 'base-image' | 'heuristic' | 'none';

/**
 * The base image's part of an image: its first `layers` layers and first `historySteps` history entries. From a
 * given base image (`base-image`: its layers are a prefix of this image's), else a guess from the history
 * (`heuristic`: the last CMD/ENTRYPOINT before the first step after it that adds a layer), else `none` (no base
 * told apart: every step is the image's own).
 */
export interface BaseFacts {
  readonly layers: number;
  readonly historySteps: number;
  readonly source: BaseSource;
  /** The base image as given (`--base-image`, `images[].baseImage`). */
  readonly reference?: string;
  /** Why the given base image was not used, or why the history told nothing. */
  readonly note?: string;
}

/** An executable found in the final view, e.g. `{ name: 'apt-get', path: '/usr/bin/apt-get' }`. */
export interface ToolFinding {
  readonly name: string;
  /** Absolute path in the image. */
  readonly path: string;
  /** True when it is only a busybox applet (a link to busybox), not a real program. */
  readonly busyboxApplet: boolean;
}

export interface OsFacts {
  /** `ID` from /etc/os-release (`debian`, `alpine`, …), or `scratch` when there is no os-release. */
  readonly id: string;
  readonly versionId: string | null;
  readonly prettyName: string;
}

export interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly home: string;
  readonly shell: string;
}

/** Two or more accounts (or groups) sharing one numeric id. */
export interface DuplicateId {
  readonly kind: 'uid' | 'gid';
  readonly id: number;
  /** The account (or group) names that share it, in file order. */
  readonly names: readonly string[];
}

/** What /etc/shadow (or /etc/master.passwd) says about passwords: account names only, never a hash. */
export interface ShadowFacts {
  /** The file read, absolute (`/etc/shadow`). */
  readonly path: string;
  /** Accounts whose password field is empty: they log in without a password. */
  readonly emptyPassword: readonly string[];
}

/** A file or directory from a developer's machine in the final view, found by its name (header only). */
export interface DevLeftover {
  /** `git-directory`, `vscode-settings`, `ds-store`, `dockerfile`, `compose-file`, … */
  readonly kind: string;
  /** Absolute path of the file, or of the directory for a directory kind. */
  readonly path: string;
  /** Bytes of the regular files it holds (the file's size for a file). */
  readonly bytes: number;
  /** Regular files it holds (1 for a file). */
  readonly files: number;
}

export interface UserResolution {
  /** Config.User as written. */
  readonly user: string;
  /** False when a named user (or group) is missing from /etc/passwd (or /etc/group): the container cannot start. */
  readonly resolves: boolean;
  /** The numeric UID the container will run as, when known. */
  readonly uid: number | null;
  readonly reason: string;
}

export interface FileSecretFinding {
  /** `private-key`, `aws-access-key-id`, `npmrc-auth`, … */
  readonly kind: string;
  /** Absolute path in the image. */
  readonly path: string;
  /** The layer that holds this copy (0 = bottom). */
  readonly layerIndex: number;
  /** True when a later layer removed or replaced it: invisible in the container, still extractable from the image. */
  readonly deleted: boolean;
  /** Kind plus a short redacted prefix, never the value. */
  readonly preview: string;
  /** 1-based line of the match in the file, when it has one. */
  readonly line?: number;
}

export interface SensitiveFileFinding {
  /** `dotenv`, `git-directory`, `ssh-private-key`, `aws-credentials`, `terraform-state`, … */
  readonly kind: string;
  readonly path: string;
  readonly layerIndex: number;
  readonly deleted: boolean;
}

export interface PackageCacheFacts {
  /** Cache directory, absolute (`/var/lib/apt/lists`). */
  readonly path: string;
  readonly bytes: number;
  readonly files: number;
  /** The layers the visible cache files come from (0 = bottom): the build steps that left them. */
  readonly layerIndexes: readonly number[];
}

export interface WastedFile {
  readonly path: string;
  /** Bytes stored in layers but not visible in the final view. */
  readonly bytes: number;
  /** Layers holding the invisible copies. */
  readonly layerIndexes: readonly number[];
  /** The build step that created each of those layers. */
  readonly createdBy: readonly string[];
}

export interface LayerFacts {
  readonly index: number;
  readonly source: string;
  readonly compression: 'none' | 'gzip' | 'zstd' | 'unknown';
  readonly readable: boolean;
  /** Why the layer could not be parsed (a corrupt tar header, a broken gzip or zstd stream); absent when it was. */
  readonly problem?: string;
  /**
   * True for a foreign or non-distributable layer (a Windows base layer, fetched from its `urls`): archives leave it
   * out by design, so its files were not scanned. Absent otherwise.
   */
  readonly foreign?: boolean;
  readonly fileBytes: number;
  readonly entryCount: number;
  /** The build step that created the layer (secret values redacted), when the history says. */
  readonly createdBy: string | null;
  /** Index into `history` (oldest first) of the step that created the layer, when the history says. */
  readonly historyIndex?: number | null;
}

export interface FilesystemFacts {
  readonly fileCount: number;
  readonly layers: readonly LayerFacts[];
  readonly os: OsFacts;
  /** Absolute paths of regular files with the setuid / setgid bit in the final view. */
  readonly setuid: readonly string[];
  readonly setgid: readonly string[];
  /** Files and directories writable by others, sticky directories (like /tmp) excepted. */
  readonly worldWritable: readonly string[];
  readonly packageManagers: readonly ToolFinding[];
  /** Programs that exist only as busybox applets. */
  readonly busyboxApplets: readonly string[];
  readonly shells: readonly ToolFinding[];
  readonly buildTools: readonly ToolFinding[];
  readonly devTools: readonly ToolFinding[];
  /** sudo, doas, su, pkexec: programs whose job is to change user. */
  readonly privilegeTools: readonly ToolFinding[];
  readonly users: readonly PasswdEntry[];
  readonly userResolution: UserResolution;
  /** UIDs shared by accounts in /etc/passwd and GIDs shared by groups in /etc/group. */
  readonly duplicateIds: readonly DuplicateId[];
  /** Null when the image has neither /etc/shadow nor /etc/master.passwd. */
  readonly shadow: ShadowFacts | null;
  /** Version-control directories, editor settings, cloud CLI folders, Dockerfiles copied in. */
  readonly devLeftovers: readonly DevLeftover[];
  /** SSH daemons (sshd, dropbear) in a PATH directory. */
  readonly sshDaemons: readonly ToolFinding[];
  readonly secrets: readonly FileSecretFinding[];
  readonly sensitiveFiles: readonly SensitiveFileFinding[];
  readonly packageCaches: readonly PackageCacheFacts[];
  readonly packageCacheBytes: number;
  readonly wastedBytes: number;
  /** The biggest offenders, largest first. */
  readonly wastedFiles: readonly WastedFile[];
  /** Programs the HEALTHCHECK runs first, and where they are (path null: not in the image). */
  readonly healthcheckTools: readonly { readonly name: string; readonly path: string | null }[];
  /** Installed packages (OS and language), for the SBOM formats; absent in reports written before it existed. */
  readonly inventory?: PackageInventory;
  /**
   * Node.js and Python installed without a package manager (the official images' layout), found by their files; the
   * packaged ones are in the inventory. Absent in reports written before it existed.
   */
  readonly languageRuntimes?: readonly LanguageRuntimeFact[];
  /**
   * The layer (0 = bottom) each path named in these facts comes from: the final view's entry (a link itself, not its
   * target), or for a wasted file the layer that hid it. What tells a base image's finding from the team's own.
   */
  readonly pathLayers?: Readonly<Record<string, number>>;
  /** Present when a detector failed: its facts are empty, and the rules that read them say `error`. */
  readonly detectorErrors?: readonly DetectorError[];
}

/** The package formats the inventory reads; each is a package-url type. */
export type PackageType = 'deb' | 'apk' | 'pypi' | 'npm' | 'golang' | 'maven' | 'gem' | 'rpm';

/** One installed package of the final view, from the metadata its package manager or build left in the image. */
export interface PackageFact {
  readonly name: string;
  readonly version: string;
  readonly type: PackageType;
  /** Absolute path of the file that declares it (`/var/lib/dpkg/status`, a `METADATA`, a `package.json`, a binary). */
  readonly path: string;
  /** The layer that added this version (for dpkg and apk: the first layer whose database lists it so). */
  readonly layerIndex: number;
  /** The license the metadata declares, as written; absent when it declares none. */
  readonly license?: string;
  /** Its package URL (github.com/package-url/purl-spec), what CVE scanners match on. */
  readonly purl: string;
  /** npm only: true for a dev dependency, false for a production one, absent when no lockfile says. */
  readonly dev?: boolean;
}

/** Package metadata found but not read into the inventory, and why (an rpm database, a jar too large, …). */
export interface NotInventoried {
  readonly path: string;
  readonly reason: string;
}

export interface PackageInventory {
  /** Sorted by type, name, version and path. */
  readonly packages: readonly PackageFact[];
  readonly notInventoried: readonly NotInventoried[];
}

/** A language runtime found by its files rather than by a package database. */
export interface LanguageRuntimeFact {
  readonly runtime: 'node' | 'python';
  /** As the files say: `20.11.1` from node_version.h; `3.12` (major.minor only) from a Python directory or binary. */
  readonly version: string;
  /** Absolute path of the file that says so (`/usr/local/include/node/node_version.h`, `…/python3.12/os.py`). */
  readonly path: string;
  /** The layer that holds that file (0 = bottom). */
  readonly layerIndex: number;
}

/** A detector that threw: which facts it owed, and its error message. */
export interface DetectorError {
  readonly detector: string;
  /** The FilesystemFacts fields it provides, left empty. */
  readonly facts: readonly string[];
  readonly message: string;
}

export type HealthStatus = 'healthy' | 'unhealthy' | 'starting' | 'none';

export interface HealthFacts {
  /** `none` when the image defines no HEALTHCHECK; `starting` when it never turned healthy within the wait. */
  readonly status: HealthStatus;
  readonly secondsToHealthy: number | null;
  /** Output of the last probe (redacted, trimmed), when it failed. */
  readonly lastProbeOutput: string | null;
  readonly failingStreak: number;
}

export interface ReadOnlyRootfsFacts {
  /** `unknown` when the normal container did not stay up either, so the comparison says nothing. */
  readonly status: 'compatible' | 'incompatible' | 'unknown';
  /** Exit code, health, and log lines of the read-only container that show why. */
  readonly evidence: readonly string[];
}

export interface StopFacts {
  /** The signal sent first: the image's STOPSIGNAL or SIGTERM. */
  readonly signal: string;
  readonly graceSeconds: number;
  /** Seconds from the signal to the exit; null when it was not stopped (it had exited already). */
  readonly seconds: number | null;
  readonly exitCode: number | null;
  /** False when it had to be killed after the grace period. */
  readonly graceful: boolean | null;
}

export interface ProcessFacts {
  readonly pid: number;
  readonly uid: number;
  readonly command: string;
}

export interface WriteFacts {
  /** Bytes the container added to its writable layer by the end of the window (SizeRw); null when the engine did not say. */
  readonly writableLayerBytes: number | null;
  /** Size of its log as the engine keeps it (json-file, capped at 2 files of 1 MB), estimated from reading it back. */
  readonly logBytes: number;
  /** Its log reached the cap: it wrote more than 1 MB of output, and the engine dropped or is dropping the oldest. */
  readonly logCapReached: boolean;
}

export interface RuntimeFacts {
  readonly started: boolean;
  /** The daemon's words when the container could not start, e.g. `unable to find user appuser`. */
  readonly startError: string | null;
  /** Still running at the end of the observation window. */
  readonly running: boolean;
  readonly observedSeconds: number;
  readonly exitCode: number | null;
  /** Last lines of its output (redacted), when it exited or failed. */
  readonly lastLogLines: readonly string[];
  /** Processes seen from outside (`docker top -o pid,uid,args`), so images without `ps` or a shell work too. */
  readonly processes: readonly ProcessFacts[];
  /** Why the processes are unknown (`docker top` failed: no `ps` on the engine host, a rootless engine); else null. */
  readonly processesError: string | null;
  /** Distinct numeric UIDs of those processes. */
  readonly uids: readonly number[];
  /** PID 1's command line as the kernel sees it. */
  readonly pid1Command: string | null;
  readonly health: HealthFacts;
  readonly readOnlyRootfs: ReadOnlyRootfsFacts;
  /** Null when the container was not running when the stop began. */
  readonly stop: StopFacts | null;
  /** Files the container created or changed that look like logs (`*.log`, /var/log/…, logs/ dirs). */
  readonly logFiles: readonly string[];
  /** How much it wrote to its writable layer and its log by the end of the window; null when it did not start. */
  readonly writes: WriteFacts | null;
}

/** Where an image audited without an engine came from (`--input`). */
export interface InputFacts {
  /** The path as given; for a registry image, the reference as given. */
  readonly path: string;
  /**
   * A `docker save` archive (legacy or OCI layout), an OCI layout in a tar, or an OCI layout directory; `registry`:
   * read from an OCI distribution registry.
   */
  readonly format: 'docker-archive' | 'oci-archive' | 'oci-layout' | 'registry';
  /**
   * The image's name in the archive (RepoTags, `io.containerd.image.name` or `org.opencontainers.image.ref.name`);
   * for a registry image `host/repository:tag` (or `@sha256:…`).
   */
  readonly name: string | null;
}

/**
 * The engine the image was inspected (or run) on: `kind` says whether it is Docker or podman (from GET /version), whose
 * compatible API differs in ways the rules explain (podman's OCI image format has no HEALTHCHECK, its probes need
 * systemd timers).
 */
export interface EngineFacts {
  /** `docker` (Docker Engine, Moby), `podman` (`podman system service`), or `other`. */
  readonly kind: 'docker' | 'podman' | 'other';
  /** The engine's version as it reports it (`26.1.5`, `4.3.1`). */
  readonly version: string;
}

/** One instruction of a Dockerfile as written (secret values of ENV and ARG redacted). */
export interface DockerfileInstruction {
  /** Upper case: `FROM`, `RUN`, `COPY`, … */
  readonly keyword: string;
  /** 1-based line where it starts, and where it ends (continuations and heredocs included). */
  readonly line: number;
  readonly endLine: number;
  /** `--mount=type=cache,…`, `--from=build`, `--link` (value null), in order. */
  readonly flags: readonly { readonly name: string; readonly value: string | null }[];
  /** Everything after the flags, continuations joined and heredoc bodies included. */
  readonly arguments: string;
}

/** Where a stage starts: its `FROM`, with the `ARG` defaults substituted. */
export interface DockerfileFrom {
  /** As written (`${BASE}`, `node:20 AS build` gives `node:20`). */
  readonly raw: string;
  /** With the global `ARG` defaults substituted (`node:20@sha256:…`). */
  readonly resolved: string;
  readonly line: number;
  /** `image`: a registry image; `stage`: an earlier stage by name or index; `scratch`: the empty image. */
  readonly kind: 'image' | 'stage' | 'scratch';
  /** The `@sha256:…` digest of an image, when pinned. */
  readonly digest: string | null;
  /** `${NAME}`s with no default: the reference cannot be known from the Dockerfile alone. */
  readonly unresolved: readonly string[];
}

export interface DockerfileStage {
  readonly index: number;
  /** `AS name`, lower case, or null. */
  readonly name: string | null;
  readonly from: DockerfileFrom;
  /** The stage's instructions after its `FROM`. */
  readonly instructions: readonly DockerfileInstruction[];
}

/** A secret-looking value set by `ENV` or `ARG` in the Dockerfile (the value itself never kept). */
export interface DockerfileSecret {
  readonly keyword: 'ENV' | 'ARG';
  readonly name: string;
  readonly line: number;
  readonly kind: string;
  readonly preview: string;
}

/** The Dockerfile an image was built from (`--dockerfile`, a compose service, `.imgaudit.yml`). */
export interface DockerfileFacts {
  /** The path as given (relative to the working directory): SARIF locations point at it. */
  readonly path: string;
  /** The `# syntax=` parser directive, or null. */
  readonly syntax: string | null;
  /** The escape character (`\\`, or `` ` `` by the `# escape=` directive). */
  readonly escape: string;
  /** `ARG`s before the first `FROM` and their defaults (redacted when secret-like). */
  readonly globalArgs: readonly { readonly name: string; readonly value: string | null; readonly line: number }[];
  readonly stages: readonly DockerfileStage[];
  /** Index of the stage `docker build` builds by default (the last one), -1 when there is none. */
  readonly finalStage: number;
  readonly secrets: readonly DockerfileSecret[];
  /** What the parser could not make sense of: an unknown instruction, a `FROM` without an image, … */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

/** A file or directory of the build context that should rarely reach an image. */
export interface ContextEntry {
  /** Relative to the context, forward slashes; a directory ends in `/`. */
  readonly path: string;
  /** `git-directory`, `dotenv`, `private-key`, `node-modules`, `npmrc`, `cloud-credentials`, `terraform-state`. */
  readonly kind: string;
  /** True when `.dockerignore` keeps it out of the context. */
  readonly ignored: boolean;
}

export interface DockerignoreFacts {
  /** Relative to the context. */
  readonly path: string;
  /** Patterns as Docker reads them (comments and blank lines dropped), `!` exceptions included. */
  readonly patterns: readonly string[];
  /** Patterns Docker would refuse, with their 1-based line. */
  readonly invalid: readonly { readonly line: number; readonly pattern: string; readonly message: string }[];
}

/** The build context, read by names and sizes only (no file content but `.dockerignore` and small requirement files). */
export interface BuildContextFacts {
  /** The directory as given. */
  readonly path: string;
  readonly dockerignore: DockerignoreFacts | null;
  /** Dependency manifests and lock files (`package.json`, `go.sum`, …), relative, with whether they are ignored. */
  readonly dependencyFiles: readonly { readonly path: string; readonly ignored: boolean }[];
  /** Python requirement files read, with the requirements not pinned by `==` or a hash (names only). */
  readonly requirements: readonly { readonly path: string; readonly unpinned: readonly string[] }[];
  readonly sensitive: readonly ContextEntry[];
  /** Symbolic links whose target lies outside the context (never followed). */
  readonly symlinksOutside: readonly string[];
  /** How much was walked, and why the walk stopped early (null: it saw everything it needed). */
  readonly walk: { readonly entries: number; readonly truncated: string | null };
}

/** A vulnerability's severity as the scanner rated it, in imgaudit's words (grype's Negligible is `negligible`). */
export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low' | 'negligible' | 'unknown';

/** One vulnerability of a package, as the scanner reported it (texts bounded). */
export interface VulnerabilityEntry {
  /** `CVE-2024-6119`, `GHSA-…`, `DLA-…`: the scanner's id. */
  readonly id: string;
  readonly package: string;
  readonly installed: string;
  /** The version(s) that fix it, null when the scanner knows none. */
  readonly fixedVersion: string | null;
  readonly severity: VulnerabilitySeverity;
}

/**
 * What a vulnerability scanner (trivy, grype) found in the image or its SBOM, read from its report
 * (`--vuln-report`, `images[].vulnReport`): imgaudit matches no CVEs itself, it judges the scanner's result.
 */
export interface VulnerabilityFacts {
  /** The report's file name (base name only). */
  readonly file: string;
  readonly format: 'trivy-json' | 'grype-json' | 'cyclonedx';
  /** The scanner that wrote it, and its version when the report says. */
  readonly tool: { readonly name: string; readonly version: string | null };
  /** When the scan ran (ISO 8601, as the report says), null when it does not say. */
  readonly scannedAt: string | null;
  /** What was scanned: an image (with the ids the report names, to match against the audited image) or an SBOM. */
  readonly target: {
    readonly kind: 'image' | 'sbom' | 'other';
    /** The name the scanner was given (`myorg/api:1.4.2`, `sbom.json`), null when the report has none. */
    readonly name: string | null;
    readonly imageId: string | null;
    /** Manifest digests (`sha256:…`) the report names. */
    readonly digests: readonly string[];
    /** Layer diff ids the report names. */
    readonly diffIds: readonly string[];
  };
  /** Distinct vulnerabilities (by id, package and installed version). */
  readonly total: number;
  readonly bySeverity: Readonly<Record<VulnerabilitySeverity, number>>;
  /** Of those, how many have a fixed version, by severity. */
  readonly fixable: Readonly<Record<VulnerabilitySeverity, number>>;
  /** The worst ones, most severe first and fixable first within a severity; at most 50. */
  readonly worst: readonly VulnerabilityEntry[];
}

/** Why a phase did not run when the user did not ask so (`--no-fs`, `--no-run`): rules that need it say it. */
export interface SkippedPhases {
  readonly runtime?: string;
}

export interface ImageFacts {
  /** The reference exactly as the user gave it; for `--input`, the path and the image's name in the archive. */
  readonly ref: string;
  /** Present when the image came from a file (`--input`) instead of an engine. */
  readonly input?: InputFacts;
  /** Present when a phase was skipped for a reason of its own. */
  readonly skipped?: SkippedPhases;
  /** The engine that served the image or ran it; absent when no engine was asked (`--input`) or it did not say. */
  readonly engine?: EngineFacts;
  readonly config: ConfigFacts;
  /** Absent when the filesystem scan did not run (`--no-fs`). */
  readonly filesystem?: FilesystemFacts;
  /** Absent when the runtime phase did not run (`--no-run`). */
  readonly runtime?: RuntimeFacts;
  /** Present when the Dockerfile is known (`--dockerfile`, compose, `.imgaudit.yml`). */
  readonly dockerfile?: DockerfileFacts;
  /** Present with the Dockerfile: its build context (default: the Dockerfile's folder). */
  readonly buildContext?: BuildContextFacts;
  /** Present when a scanner's report was given (`--vuln-report`, `images[].vulnReport`). */
  readonly vulnerabilities?: VulnerabilityFacts;
}
