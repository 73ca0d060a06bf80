#!/usr/bin/env bash
# Checks the package as a user gets it: `npm pack`, install the tarball in an empty project, type-check a consumer
# under strict + nodenext (without skipLibCheck), run the installed CLI, and load `imgaudit/report` with dockerode
# made unloadable (the render-only entry point must not need the Docker client).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/imgaudit-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "./$tarball" typescript@5.9 @types/node@20 >/dev/null

cat >tsconfig.json <<'JSON'
{ "compilerOptions": { "strict": true, "module": "nodenext", "moduleResolution": "nodenext", "target": "es2022",
  "noEmit": true, "skipLibCheck": false, "types": ["node"] }, "files": ["consumer.ts"] }
JSON
cat >consumer.ts <<'TS'
import { audit, renderReport, ImageNotFound, type AuditOptions, type AuditReport, type ProgressEvent, type RuntimeOptions } from 'imgaudit';
import { parseReport, renderReport as renderOnly, type Format } from 'imgaudit/report';

const runtime: Partial<RuntimeOptions> = { windowSeconds: 5 };
const options: AuditOptions = { gate: { failUnder: 80 }, runtime, onProgress: (event: ProgressEvent) => void event.stage };
export async function gate(refs: string[]): Promise<string> {
  try {
    const report: AuditReport = await audit(refs, options);
    return await renderReport('table', report, { color: false, width: 120, dockerfileFor: () => undefined });
  } catch (error) {
    if (error instanceof ImageNotFound) return error.message;
    throw error;
  }
}
export async function render(json: string, format: Format): Promise<string> {
  return renderOnly(format, parseReport(json, 'report.json'), { color: false, width: 100, dockerfileFor: () => undefined });
}
TS
npx tsc -p . && echo "check-package: the packed library type-checks in a fresh project (strict, nodenext)"

version=$(npx --no-install imgaudit --version)
echo "check-package: the installed CLI runs: imgaudit --version → $version"

cat >no-dockerode.mjs <<'JS'
export async function resolve(specifier, context, next) {
  if (specifier === 'dockerode') throw new Error('imgaudit/report loaded dockerode');
  return next(specifier, context);
}
JS
cat >register.mjs <<'JS'
import { register } from 'node:module';
register('./no-dockerode.mjs', import.meta.url);
JS
node --import ./register.mjs --input-type=module -e "
const { renderReport, FORMATS } = await import('imgaudit/report');
if (typeof renderReport !== 'function' || FORMATS.length !== 8 || !FORMATS.includes('cyclonedx')) throw new Error('imgaudit/report is incomplete');
await import('imgaudit').then(() => { throw new Error('the hook did not block dockerode'); }, (error) => {
  if (!String(error.message).includes('loaded dockerode')) throw error;
});
console.log('check-package: imgaudit/report loads without dockerode (and the full entry point does need it)');
"
