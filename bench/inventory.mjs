// npm run bench:inventory: what the package inventory costs the filesystem scan (issue 13: ≤ 5% on the 60,000-file
// image and on the 1.2 GB one). Each bench image is saved once to a file (not timed); then, in this process, its
// layers are read and scanned as `--input` reads them and the filesystem facts are built, alternately with every
// detector and with every detector but the inventory (its content wants left out of the reader too), RUNS times each.
// Printed: the median wall and CPU time of each, and the inventory's share. Besides the two bench images, the Debian
// fixture with dpkg, pip and npm packages shows the cost where there is something to inventory.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInput, readInputLayers } from '../dist/collect/input/images.js';
import { DETECTORS } from '../dist/collect/filesystem/detectors.js';
import { buildFilesystemFacts, contentWantedBy } from '../dist/collect/filesystem/index.js';
import { mergeLayers } from '../dist/collect/layers/merge.js';
import { BENCH_ENV, BENCH_IMAGES, buildBenchImages } from './images.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const INVENTORY = 'packages';
const WITHOUT_INVENTORY = DETECTORS.filter((detector) => detector.name !== INVENTORY);
const VARIANTS = {
  with: { detectors: DETECTORS, wants: contentWantedBy(DETECTORS) },
  without: { detectors: WITHOUT_INVENTORY, wants: contentWantedBy(WITHOUT_INVENTORY) },
};
if (VARIANTS.without.detectors.length !== DETECTORS.length - 1) throw new Error(`no detector named ${INVENTORY}`);

async function scanOnce(archive, { detectors, wants }) {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const [image] = await readInput(archive, 'linux/amd64');
  const saved = await readInputLayers(image.source, [image.entry], wants);
  const layers = image.entry.layerPaths.map((path, index) => ({ ...saved.layers.get(path), index }));
  const facts = buildFilesystemFacts(
    mergeLayers(layers),
    { config: { user: '', history: [] }, layerCreatedBy: layers.map(() => null) },
    detectors,
  );
  const used = process.cpuUsage(cpu);
  return {
    wallMs: Number(process.hrtime.bigint() - started) / 1e6,
    cpuMs: (used.user + used.system) / 1000,
    files: facts.fileCount,
    packages: facts.inventory?.packages.length ?? 0,
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

buildBenchImages();
/** Also, where it has packages to find: the Debian test fixture with dpkg, pip and npm packages (npm run fixtures). */
const INVENTORY_FIXTURE = 'imgaudit-fixture/inventory-debian:1.0.0';
const images = [...Object.values(BENCH_IMAGES)];
if (spawnSync('docker', ['image', 'inspect', INVENTORY_FIXTURE], { stdio: 'ignore', env: BENCH_ENV }).status === 0)
  images.push(INVENTORY_FIXTURE);
else process.stderr.write(`bench: ${INVENTORY_FIXTURE} is not on the engine (npm run fixtures): left out\n`);
const dir = mkdtempSync(join(tmpdir(), 'imgaudit-bench-inventory-'));
const rows = [];
try {
  for (const ref of images) {
    const archive = join(dir, 'image.tar');
    execFileSync('docker', ['save', '-o', archive, ref], { env: BENCH_ENV });
    await scanOnce(archive, VARIANTS.with); // warm the page cache and the JIT
    const runs = { with: [], without: [] };
    for (let run = 0; run < RUNS; run++)
      for (const name of run % 2 === 0 ? ['with', 'without'] : ['without', 'with'])
        runs[name].push(await scanOnce(archive, VARIANTS[name]));
    const of = (name, key) => median(runs[name].map((result) => result[key]));
    const share = (key) => `${(((of('with', key) - of('without', key)) / of('without', key)) * 100).toFixed(1)}%`;
    rows.push({
      image: ref,
      files: runs.with[0].files,
      'packages found': runs.with[0].packages,
      'wall with s': (of('with', 'wallMs') / 1000).toFixed(3),
      'wall without s': (of('without', 'wallMs') / 1000).toFixed(3),
      'wall +': share('wallMs'),
      'CPU with s': (of('with', 'cpuMs') / 1000).toFixed(3),
      'CPU without s': (of('without', 'cpuMs') / 1000).toFixed(3),
      'CPU +': share('cpuMs'),
      target: '≤ 5%',
    });
    rmSync(archive, { force: true });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`the package inventory's cost in the filesystem scan: median of ${RUNS} alternating runs each`);
console.table(rows);
