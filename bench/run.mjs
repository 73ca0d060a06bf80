// npm run bench: `docker save` time beside `imgaudit --no-run` (static + filesystem audit) time and peak RSS.
// Targets (issue 3): audit ≤ 1.15× save on the big image, ≤ 1.3× on the many-files image, peak RSS ≤ 150 MB.
import { spawn, spawnSync } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_IMAGES, buildBenchImages } from './images.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGETS = { big: 1.15, manyFiles: 1.3 };
const RSS_TARGET_MB = 150;

function timeSave(ref) {
  return new Promise((resolve, reject) => {
    const devNull = openSync('/dev/null', 'w');
    const started = process.hrtime.bigint();
    const child = spawn('docker', ['save', ref], { stdio: ['ignore', devNull, 'inherit'] });
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
  const saves = [];
  const audits = [];
  for (let run = 0; run < RUNS; run++) {
    saves.push(await timeSave(ref));
    audits.push(auditOnce(ref));
  }
  const saveMs = median(saves);
  const auditMs = median(audits.map((a) => a.wallMs));
  const rss = Math.max(...audits.map((a) => a.maxRssMB));
  rows.push({
    image: ref,
    files: audits[0].fileCount,
    'save s': (saveMs / 1000).toFixed(2),
    'audit s': (auditMs / 1000).toFixed(2),
    ratio: (auditMs / saveMs).toFixed(2),
    'ratio target': `≤ ${TARGETS[key]}`,
    'peak RSS MB': rss.toFixed(0),
    'RSS target': `≤ ${RSS_TARGET_MB}`,
    verdict: auditMs / saveMs <= TARGETS[key] && rss <= RSS_TARGET_MB ? 'met' : 'MISSED',
  });
}
console.log(`median of ${RUNS} runs each`);
console.table(rows);
