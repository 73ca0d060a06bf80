// `npm run demo` (or `npm start`): audits the bundled example images when no argument is given, and passes
// any arguments to imgaudit otherwise (`npm start -- myorg/api:1.4.2 --format json`).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXAMPLES = ['imgaudit-fixture/good:1.0.0', 'imgaudit-fixture/env-secrets:1.0.0', 'imgaudit-fixture/bad:latest'];
const cli = fileURLToPath(new URL('../bin/imgaudit', import.meta.url));
const args = process.argv.slice(2);
const auditingExamples = args.length === 0;

const { status, signal } = spawnSync(process.execPath, [cli, ...(auditingExamples ? EXAMPLES : args)], {
  stdio: 'inherit',
});
if (signal) process.exit(128 + 2);
if (auditingExamples && status === 1) {
  // The bad examples are meant to fail the gate; the demo itself worked.
  process.stderr.write('\nimgaudit exited with 1: at least one example fails the CI gate, as intended.\n');
  process.exit(0);
}
process.exit(status ?? 3);
