// Runs one static + filesystem audit in this process and prints its wall time and peak RSS as JSON.
import { audit } from '../dist/index.js';

const started = process.hrtime.bigint();
const report = await audit([process.argv[2]], { runtime: false });
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const image = report.images[0];
process.stdout.write(JSON.stringify({
  wallMs,
  maxRssMB: process.resourceUsage().maxRSS / 1024,
  fileCount: image.facts.filesystem?.fileCount ?? null,
}));
