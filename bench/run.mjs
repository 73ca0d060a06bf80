// npm run bench: `docker save` time beside `imgaudit --no-run` (static + filesystem audit) time and peak RSS.
// Targets (issues 3 and 11): audit ≤ 1.15× save on the big image, ≤ 1.3× on the many-files image, peak RSS ≤ 150 MB.
// BENCH_ENGINE=docker26 runs on Docker 26 with the containerd store (images built by its BuildKit, gzip layers). There
// the save of the many-files image is a copy of one small compressed blob (~0.1 s), so a ratio to it says nothing: the
// target is ≤ 1.5× the floor of any reader, decompressing and listing the layers (`gzip -dc BLOB | tar -t`, one core).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_ENGINE, BENCH_ENV, BENCH_IMAGES, buildBenchImages } from './images.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGETS =
  BENCH_ENGINE === 'docker26'
    ? { big: { ratio: 1.15, of: 'save' }, manyFiles: { ratio: 1.5, of: 'floor' } }
    : { big: { ratio: 1.15, of: 'save' }, manyFiles: { ratio: 1.3, of: 'save' } };
const RSS_TARGET_MB = 150;

/** Decompress-and-list of the image's layers, one after the other, from a saved copy (the save is not timed). */
function timeFloor(ref) {
  const dir = mkdtempSync(join(tmpdir(), 'imgaudit-bench-floor-'));
  try {
    execFileSync('sh', ['-c', `docker save "$1" | tar -x -C "$2"`, 'save', ref, dir], { env: BENCH_ENV });
    const [{ Layers }] = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const started = process.hrtime.bigint();
    for (const layer of Layers) {
      const blob = join(dir, layer);
      const head = readFileSync(blob).subarray(0, 2);
      const read = head[0] === 0x1f && head[1] === 0x8b ? 'gzip -dc "$1"' : 'cat "$1"';
      execFileSync('sh', ['-c', `${read} | tar -t >/dev/null`, 'floor', blob]);
    }
    return Number(process.hrtime.bigint() - started) / 1e6;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeSave(ref) {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = process.hrtime.bigint();
    const child = spawn('docker', ['save', ref], { stdio: ['ignore', devNull, 'inherit'], env: BENCH_ENV });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(devNull);
      if (code !== 0) reject(new Error(`docker save ${ref} exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

/** The CLI as a user runs it (its launcher's node flags included); --debug reports time and peak RSS. */
function auditOnce(ref) {
  const cli = fileURLToPath(new URL('../bin/imgaudit', import.meta.url));
  const started = process.hrtime.bigint();
  const run = spawnSync(cli, ['--no-run', '--no-cache', '--debug', '--format', 'json', ref], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: BENCH_ENV,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = /peak RSS (\d+) MB/.exec(run.stderr);
  if (run.status === null || run.status > 1 || !rss) throw new Error(`imgaudit failed on ${ref}: ${run.stderr}`);
  return { wallMs, maxRssMB: Number(rss[1]), fileCount: JSON.parse(run.stdout).images[0].facts.filesystem.fileCount };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

buildBenchImages();
const rows = [];
for (const [key, ref] of Object.entries(BENCH_IMAGES)) {
  await timeSave(ref); // warm the page cache so both sides read the same way
  const target = TARGETS[key];
  const saves = [];
  const floors = [];
  const audits = [];
  for (let run = 0; run < RUNS; run++) {
    saves.push(await timeSave(ref));
    if (target.of === 'floor') floors.push(timeFloor(ref));
    audits.push(auditOnce(ref));
  }
  const saveMs = median(saves);
  const floorMs = floors.length > 0 ? median(floors) : null;
  const auditMs = median(audits.map((a) => a.wallMs));
  const rss = Math.max(...audits.map((a) => a.maxRssMB));
  const judged = auditMs / (target.of === 'floor' ? floorMs : saveMs);
  rows.push({
    engine: BENCH_ENGINE,
    image: ref,
    files: audits[0].fileCount,
    'save s': (saveMs / 1000).toFixed(2),
    'floor s': floorMs === null ? '' : (floorMs / 1000).toFixed(2),
    'audit s': (auditMs / 1000).toFixed(2),
    'ratio to save': (auditMs / saveMs).toFixed(2),
    'ratio to floor': floorMs === null ? '' : (auditMs / floorMs).toFixed(2),
    target: `≤ ${target.ratio}× ${target.of}`,
    'peak RSS MB': rss.toFixed(0),
    'RSS target': `≤ ${RSS_TARGET_MB}`,
    verdict: judged <= target.ratio && rss <= RSS_TARGET_MB ? 'met' : 'MISSED',
  });
}
console.log(`median of ${RUNS} runs each`);
console.table(rows);
