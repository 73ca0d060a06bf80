import type {
  ConfigFacts,
  FilesystemFacts,
  HistoryEntry,
  ImageFacts,
  LayerFacts,
  ToolFinding,
} from '../../../src/facts.js';

/** One history row; `createdBy` as `docker history --no-trunc` shows it. */
export function historyEntry(createdBy: string, sizeBytes = 0): HistoryEntry {
  return {
    createdBy,
    created: '2026-11-20T09:12:44Z',
    sizeBytes,
    comment: createdBy.endsWith('# buildkit') ? 'buildkit.dockerfile.v0' : '',
  };
}

/** An Alpine-based, multi-stage, production-style build: 5 layers, 12 MB. */
const GOOD_HISTORY: readonly HistoryEntry[] = [
  historyEntry(
    '/bin/sh -c #(nop) ADD file:5b1e63e2d4c4b9a0a2f3c8d6e7f1a9b0c3d5e7f9a1b3c5d7e9f1a3b5c7d9e1f3 in / ',
    7_800_000,
  ),
  historyEntry('/bin/sh -c #(nop)  CMD ["/bin/sh"]'),
  historyEntry('COPY /tini /tini # buildkit', 900_000),
  historyEntry('RUN /bin/sh -c addgroup -S -g 10001 app && adduser -S -D -u 10001 -G app app # buildkit', 5_000),
  historyEntry('WORKDIR /app', 100),
  historyEntry('COPY /out/server /app/server # buildkit', 3_294_900),
  historyEntry(
    'LABEL org.opencontainers.image.source=https://github.com/example/api org.opencontainers.image.version=1.4.2 # buildkit',
  ),
  historyEntry('USER 10001:10001'),
  historyEntry('HEALTHCHECK &{["CMD" "/app/server" "--health"] "30s" "3s" "5s" "0s" \'\\x03\'}'),
  historyEntry('ENTRYPOINT ["/tini" "--"]'),
  historyEntry('CMD ["/app/server"]'),
];

const GOOD_CONFIG: ConfigFacts = {
  id: 'sha256:9c7a54a9a43cca047013b82af109fe963fde787f63f9e016fdc3384500c2823d',
  repoTags: ['example/api:1.4.2'],
  repoDigests: ['example/api@sha256:4b1f0c8e2a7d9e3f6c5b8a1d0e9f2c3b4a5d6e7f8091a2b3c4d5e6f708192a3b'],
  created: '2026-11-20T09:12:45Z',
  os: 'linux',
  architecture: 'amd64',
  sizeBytes: 12_000_000,
  layerCount: 5,
  layerDiffIds: [1, 2, 3, 4, 5].map((n) => `sha256:${String(n).repeat(64)}`),
  historyCount: GOOD_HISTORY.length,
  history: GOOD_HISTORY,
  user: '10001:10001',
  healthcheck: {
    defined: true,
    disabled: false,
    test: ['CMD', '/app/server', '--health'],
    intervalSeconds: 30,
    timeoutSeconds: 3,
    startPeriodSeconds: 5,
    retries: 3,
  },
  labels: {
    'org.opencontainers.image.source': 'https://github.com/example/api',
    'org.opencontainers.image.version': '1.4.2',
    'org.opencontainers.image.revision': '3f9c2e1b7d4a6c8e0f2a4b6d8e0c2a4f6b8d0e2c',
    'org.opencontainers.image.created': '2026-11-20T09:12:30Z',
    'org.opencontainers.image.title': 'example api',
  },
  entrypoint: ['/tini', '--'],
  cmd: ['/app/server'],
  entrypointShellForm: false,
  cmdShellForm: false,
  shellForm: false,
  exposedPorts: ['8080/tcp'],
  volumes: [],
  envNames: ['PATH', 'APP_PORT'],
  workingDir: '/app',
  stopSignal: null,
  envSecrets: [],
};

/** One readable layer with a single file. */
function layer(index: number, createdBy: string, fileBytes: number): LayerFacts {
  return {
    index,
    source: `blobs/sha256/layer${index}`,
    compression: 'none',
    readable: true,
    fileBytes,
    entryCount: 1,
    createdBy,
  };
}

/** What the layer scan finds in a good, scratch-like image: three files in three layers, nothing to report. */
const GOOD_FILESYSTEM: FilesystemFacts = {
  fileCount: 3,
  layers: [
    layer(0, 'COPY /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ # buildkit', 220_000),
    layer(1, 'COPY /tini /tini # buildkit', 900_000),
    layer(2, 'COPY /out/server /app/server # buildkit', 3_294_900),
  ],
  os: { id: 'scratch', versionId: null, prettyName: 'scratch (no /etc/os-release)' },
  setuid: [],
  setgid: [],
  worldWritable: [],
  packageManagers: [],
  busyboxApplets: [],
  shells: [],
  buildTools: [],
  devTools: [],
  privilegeTools: [],
  users: [],
  userResolution: {
    user: '10001:10001',
    resolves: true,
    uid: 10001,
    reason: 'numeric UID 10001, which needs no /etc/passwd entry',
  },
  duplicateIds: [],
  shadow: null,
  devLeftovers: [],
  sshDaemons: [],
  secrets: [],
  sensitiveFiles: [],
  packageCaches: [],
  packageCacheBytes: 0,
  wastedBytes: 0,
  wastedFiles: [],
  healthcheckTools: [{ name: '/app/server', path: '/app/server' }],
};

/** Filesystem facts of the good image, with `overrides` applied. */
export function makeFilesystem(overrides: Partial<FilesystemFacts> = {}): FilesystemFacts {
  return { ...GOOD_FILESYSTEM, ...overrides };
}

/**
 * Facts of a good image, with `overrides` applied. `historyCount` follows an overridden `history`, and `shellForm`
 * follows overridden `entrypointShellForm`/`cmdShellForm`, unless given too. `filesystem` is absent (the scan did not
 * run) unless given; `null` also means absent.
 */
export function makeFacts(
  overrides: {
    ref?: string;
    config?: Partial<ConfigFacts>;
    filesystem?: FilesystemFacts | null;
    input?: ImageFacts['input'];
  } = {},
): ImageFacts {
  const given = overrides.config ?? {};
  const config: ConfigFacts = { ...GOOD_CONFIG, ...given };
  return {
    ref: overrides.ref ?? 'example/api:1.4.2',
    config: {
      ...config,
      historyCount: given.historyCount ?? config.history.length,
      shellForm: given.shellForm ?? (config.entrypointShellForm || config.cmdShellForm),
    },
    ...(overrides.filesystem ? { filesystem: overrides.filesystem } : {}),
    ...(overrides.input ? { input: overrides.input } : {}),
  };
}

/** Facts of the good image whose layer scan found `overrides`. */
export function factsWithFilesystem(
  overrides: Partial<FilesystemFacts> = {},
  config: Partial<ConfigFacts> = {},
): ImageFacts {
  return makeFacts({ config, filesystem: makeFilesystem(overrides) });
}

/** A program found at `path` (named after its base name), e.g. `tool('/usr/bin/apt-get')`. */
export function tool(path: string, busyboxApplet = false): ToolFinding {
  return { name: path.slice(path.lastIndexOf('/') + 1), path, busyboxApplet };
}
