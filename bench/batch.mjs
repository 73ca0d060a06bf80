// npm run bench (second part): six service images on one ~200 MB base, audited as a batch.
// Prints the batch wall time beside the sum of single audits and beside one `docker save` of all six.
// Targets (issue 5): batch ≤ 1.3× the one-save time; a second run, with the layer cache, ≤ 0.2× the first.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BATCH_IMAGES, buildBatchImages } from './images.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLI = fileURLToPath(new URL('../bin/imgaudit', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (ms) => (ms / 1000).toFixed(2);

function timeSaveAll() {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = process.hrtime.bigint();
    const child = spawn('docker', ['save', ...BATCH_IMAGES], { stdio: ['ignore', devNull, 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => {
      closeSync(devNull);
      if (code !== 0) reject(new Error(`docker save exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - started) / 1e6);
    });
  });
}

function audit(refs, env = {}, extra = []) {
  const started = process.hrtime.bigint();
  const run = spawnSync(CLI, ['--no-run', '--debug', '--format', 'json', ...extra, ...refs], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, ...env },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = /peak RSS (\d+) MB/.exec(run.stderr);
  const layers = /layers: (\d+) streamed \((\d+) images\), (\d+) from the disk cache/.exec(run.stderr);
  if (run.status === null || run.status > 1 || !rss) throw new Error(`imgaudit failed: ${run.stderr}`);
  return { wallMs, rssMB: Number(rss[1]), streamed: Number(layers?.[1] ?? -1), fromDisk: Number(layers?.[3] ?? -1) };
}

buildBatchImages();
await timeSaveAll(); // warm the page cache
const saves = [];
const singles = [];
const firsts = [];
const seconds2 = [];
let lastFirst;
for (let run = 0; run < RUNS; run++) {
  saves.push(await timeSaveAll());
  singles.push(BATCH_IMAGES.reduce((sum, ref) => sum + audit([ref], {}, ['--no-cache']).wallMs, 0));
  const cacheDir = mkdtempSync(join(tmpdir(), 'imgaudit-bench-cache-'));
  try {
    lastFirst = audit(BATCH_IMAGES, { IMGAUDIT_CACHE_DIR: cacheDir });
    firsts.push(lastFirst.wallMs);
    seconds2.push(audit(BATCH_IMAGES, { IMGAUDIT_CACHE_DIR: cacheDir }).wallMs);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
const save = median(saves);
const first = median(firsts);
const second = median(seconds2);
console.log(`batch of ${BATCH_IMAGES.length} images on a ~200 MB base, median of ${RUNS} runs each`);
console.table([
  {
    'save all s': seconds(save),
    'sum of singles s': seconds(median(singles)),
    'batch s': seconds(first),
    'batch/save': (first / save).toFixed(2),
    target: '≤ 1.3',
    'cached run s': seconds(second),
    'cached/batch': (second / first).toFixed(2),
    'cache target': '≤ 0.2',
    'layers streamed': lastFirst.streamed,
    'peak RSS MB': lastFirst.rssMB,
    verdict: first / save <= 1.3 && second / first <= 0.2 ? 'met' : 'MISSED',
  },
]);
