// Builds the benchmark images once (they stay on the engine): big = ~1.2 GB of incompressible data in 3 layers,
// many-files = 60,000 small files. Build contexts live in a temp dir that is removed afterwards.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_IMAGES = {
  big: 'imgaudit-bench/big:1',
  manyFiles: 'imgaudit-bench/many-files:1',
};

/**
 * Which engine the benchmarks run on: `main` (the default engine, Docker 20.10 here: legacy save, plain layers) or
 * `docker26` (BENCH_ENGINE=docker26: Docker 26 with the containerd store, scripts/ensure-docker26.sh; images built
 * by its BuildKit, so `docker save` streams gzip blobs).
 */
export const BENCH_ENGINE = process.env.BENCH_ENGINE === 'docker26' ? 'docker26' : 'main';
const DOCKER26_STATE = process.env.IMGAUDIT_DOCKER26_STATE ?? '/var/lib/imgaudit-docker26';
const DOCKER26_SOCKET_DIR = process.env.IMGAUDIT_DOCKER26_SOCKET_DIR ?? '/run/imgaudit-docker26';
const SCRIPTS = fileURLToPath(new URL('../scripts/', import.meta.url));

/** The environment every docker CLI and imgaudit process of the benchmark gets: DOCKER_HOST names the engine. */
export const BENCH_ENV =
  BENCH_ENGINE === 'docker26'
    ? { ...process.env, DOCKER_HOST: `unix://${DOCKER26_SOCKET_DIR}/docker.sock` }
    : { ...process.env };

const exists = (ref) =>
  spawnSync('docker', ['image', 'inspect', ref], { stdio: 'ignore', env: BENCH_ENV }).status === 0;

function build(ref, fill) {
  if (exists(ref)) return;
  // Docker 26's CLI runs in that engine's root (scripts/docker26.sh): its build context must be a folder there.
  const parent = BENCH_ENGINE === 'docker26' ? join(DOCKER26_STATE, 'root', 'tmp') : tmpdir();
  const dir = mkdtempSync(join(parent, 'imgaudit-bench-'));
  try {
    fill(dir);
    process.stderr.write(`bench: building ${ref} on ${BENCH_ENGINE}…\n`);
    const [command, args] =
      BENCH_ENGINE === 'docker26'
        ? [
            'bash',
            [join(SCRIPTS, 'docker26.sh'), 'build', '--network=none', '-q', '-t', ref, join('/tmp', basename(dir))],
          ]
        : ['docker', ['build', '--network', 'none', '-q', '-t', ref, dir]];
    execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env: BENCH_ENV });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function randomFile(path, bytes) {
  const fd = openSync(path, 'w');
  const chunk = 8 * 1024 * 1024;
  for (let written = 0; written < bytes; written += chunk) writeSync(fd, randomBytes(Math.min(chunk, bytes - written)));
  closeSync(fd);
}

export function buildBenchImages() {
  build(BENCH_IMAGES.big, (dir) => {
    for (const part of [1, 2, 3]) randomFile(join(dir, `part${part}.bin`), 400_000_000);
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY part1.bin /data/\nCOPY part2.bin /data/\nCOPY part3.bin /data/\n',
    );
  });
  build(BENCH_IMAGES.manyFiles, (dir) => {
    for (let d = 0; d < 60; d++) {
      const sub = join(dir, 'files', `d${d}`);
      mkdirSync(sub, { recursive: true });
      for (let f = 0; f < 1000; f++)
        writeFileSync(join(sub, `f${f}.txt`), `file ${d}/${f} ${randomBytes(24).toString('hex')}\n`);
    }
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY files /srv/files\n');
  });
}

/** Six service images on the ~200 MB Debian fixture base, each with its own small app layer. */
export const BATCH_BASE = 'imgaudit-fixture/debian:12';
export const BATCH_IMAGES = ['api', 'web', 'worker', 'auth', 'billing', 'search'].map(
  (name) => `imgaudit-bench/batch-${name}:1`,
);

export function buildBatchImages() {
  if (!exists(BATCH_BASE)) throw new Error(`${BATCH_BASE} is missing: run npm run fixtures first`);
  BATCH_IMAGES.forEach((ref, i) =>
    build(ref, (dir) => {
      mkdirSync(join(dir, 'app'));
      randomFile(join(dir, 'app', 'server.bin'), 2_000_000 + i * 100_000);
      for (let f = 0; f < 50; f++)
        writeFileSync(join(dir, 'app', `module${f}.js`), `export const id = ${f}; // ${ref}\n`);
      writeFileSync(
        join(dir, 'Dockerfile'),
        `FROM ${BATCH_BASE}\nCOPY app /app\nUSER 10001:10001\nLABEL org.opencontainers.image.title="${ref}"\nCMD ["/app/server.bin"]\n`,
      );
    }),
  );
}
