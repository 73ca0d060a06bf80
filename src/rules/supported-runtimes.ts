import type { LanguageRuntimeFact, PackageFact } from '../facts.js';
import { defineRule } from './support/define.js';
import {
  END_WARNING_DAYS,
  LIFECYCLE_CHECKED,
  runtimeSupport,
  supportStatus,
  type Runtime,
  type SupportStatus,
  type SupportWindow,
} from './support/lifecycle.js';
import { count } from './support/evidence.js';
import { fail, pass, skip, warn } from './support/types.js';

/** One place an image holds a runtime: a version, and where that was read (`/var/lib/dpkg/status: python3.11`). */
export interface RuntimeSighting {
  readonly runtime: Runtime;
  readonly version: string;
  /** The file that says so: the package database, the Go binary, node_version.h, the Python directory. */
  readonly path: string;
  /** What it says there: `python3.11 3.11.2-6`, `Go 1.19.8`, `Node.js 20.11.1`. */
  readonly what: string;
}

const RUNTIME_ORDER: readonly Runtime[] = ['node', 'python', 'go'];
const PRODUCT: Readonly<Record<Runtime, string>> = { node: 'Node.js', python: 'Python', go: 'Go' };

/** Distribution packages of the interpreters themselves (Debian's `python3.11`, `python3-minimal`; Alpine's `python3`). */
const PYTHON_PACKAGE = /^python(?:[23](?:\.\d{1,3})?)?(?:-minimal)?$/;
const NODE_PACKAGES: ReadonlySet<string> = new Set(['nodejs', 'nodejs-current']);

/** The runtime a package is: a distribution's interpreter package, or the Go standard library in a binary. */
function packagedRuntime(pkg: PackageFact): Runtime | undefined {
  if (pkg.type === 'golang') return pkg.name === 'stdlib' ? 'go' : undefined;
  if (pkg.type !== 'deb' && pkg.type !== 'apk') return undefined;
  if (NODE_PACKAGES.has(pkg.name)) return 'node';
  return PYTHON_PACKAGE.test(pkg.name) ? 'python' : undefined;
}

/** Every runtime the facts show: packaged interpreters, Go binaries' standard library, and the official images' layout. */
export function runtimeSightings(
  packages: readonly PackageFact[],
  installs: readonly LanguageRuntimeFact[],
): RuntimeSighting[] {
  const sightings: RuntimeSighting[] = [];
  for (const pkg of packages) {
    const runtime = packagedRuntime(pkg);
    if (runtime === undefined) continue;
    const what = runtime === 'go' ? `Go ${pkg.version}` : `${pkg.name} ${pkg.version}`;
    sightings.push({ runtime, version: pkg.version, path: pkg.path, what });
  }
  for (const install of installs)
    sightings.push({
      runtime: install.runtime,
      version: install.version,
      path: install.path,
      what: `${PRODUCT[install.runtime]} ${install.version}`,
    });
  return sightings;
}

interface Judged {
  readonly window: SupportWindow;
  readonly status: SupportStatus;
  readonly days: number | null;
  /** `/var/lib/dpkg/status: python3 3.11.2-1+b1, python3.11 3.11.2-6`: one line per file. */
  readonly where: readonly string[];
}

/** The sightings grouped by release cycle (`Python 3.11`), in a fixed order; the versions no table knows apart. */
function byCycle(sightings: readonly RuntimeSighting[]) {
  const cycles = new Map<string, { window: SupportWindow; runtime: Runtime; files: Map<string, string[]> }>();
  const unknown = new Set<string>();
  for (const sighting of sightings) {
    const window = runtimeSupport(sighting.runtime, sighting.version);
    if (!window) {
      unknown.add(`${PRODUCT[sighting.runtime]} ${sighting.version}`);
      continue;
    }
    const cycle = cycles.get(window.name) ?? { window, runtime: sighting.runtime, files: new Map<string, string[]>() };
    cycles.set(window.name, cycle);
    const whats = cycle.files.get(sighting.path) ?? [];
    cycle.files.set(sighting.path, whats);
    if (!whats.includes(sighting.what)) whats.push(sighting.what);
  }
  const order = (runtime: Runtime) => RUNTIME_ORDER.indexOf(runtime);
  const known = [...cycles.values()].sort(
    (a, b) =>
      order(a.runtime) - order(b.runtime) || a.window.cycle.localeCompare(b.window.cycle, 'en', { numeric: true }),
  );
  return { known, unknown: [...unknown].sort() };
}

/** `Go devel, Python 3.15`, the first few only. */
function listed(names: readonly string[], shown = 5): string {
  const rest = names.length - shown;
  return names.slice(0, shown).join(', ') + (rest > 0 ? ` and ${rest} more` : '');
}

const ended = ({ window }: Judged) => `${window.name} (${window.phase} ended ${window.end})`;
const ending = ({ window, days }: Judged) => `${window.name} in ${count(days ?? 0, 'day')} (${window.end})`;
const evidenceOf = (judged: readonly Judged[]) =>
  judged.flatMap(({ window, where }) => [`${window.name}: ${window.phase} until ${window.end}`, ...where]);

export const supportedRuntimes = defineRule({
  id: 'supported-runtimes',
  title: 'Language runtimes still supported',
  severity: 'high',
  needs: ['filesystem'],
  categories: ['security', 'maintainability'],
  rationale:
    'A Node.js, Python or Go release past its end of life gets no more security fixes: a vulnerability found in the ' +
    'interpreter or in the standard library compiled into a Go binary from then on stays open. Moving to the next ' +
    'release takes testing, so the warning comes 90 days ahead.',
  fix:
    'Rebuild on a supported release of the runtime (and rebuild Go binaries with a supported Go); keep the tag current.\n' +
    'FROM node:22-slim\n' +
    '# or: FROM python:3.12-slim; FROM golang:1.25 AS build (then copy the binary into the final stage)',
  check: ({ filesystem }, { now }) => {
    const { inventory, languageRuntimes } = filesystem;
    if (inventory === undefined && languageRuntimes === undefined)
      return skip('needs the package inventory (facts from before imgaudit collected it)');
    const sightings = runtimeSightings(inventory?.packages ?? [], languageRuntimes ?? []);
    if (sightings.length === 0)
      return skip('no Node.js, Python or Go runtime found (no package, no official-image layout, no Go binary)');
    const { known, unknown } = byCycle(sightings);
    const unknownList = listed(unknown);
    const unknownNote = unknown.length > 0 ? `; no lifecycle data for ${unknownList}` : '';
    if (known.length === 0) return skip(`no lifecycle data for ${unknownList} (tables of ${LIFECYCLE_CHECKED})`);
    if (now === undefined) return skip('needs the evaluation date (the rule option `now`)');
    const judged: Judged[] = known.map(({ window, files }) => ({
      window,
      ...supportStatus(window, now),
      where: [...files].map(([path, whats]) => `${path}: ${whats.join(', ')}`),
    }));
    const past = judged.filter((one) => one.status === 'ended');
    const soon = judged.filter((one) => one.status === 'ending');
    const flagged = judged.filter((one) => one.status !== 'supported');
    const soonNote = soon.length > 0 ? `; ending: ${soon.map(ending).join(', ')}` : '';
    if (past.length === 1)
      return fail(
        `${past[0]!.window.name} is past its end of life: ${past[0]!.window.phase} ended ${past[0]!.window.end}` +
          `${soonNote}${unknownNote}`,
        evidenceOf(flagged),
      );
    if (past.length > 1)
      return fail(
        `${count(past.length, 'runtime')} past their end of life: ${past.map(ended).join(', ')}${soonNote}${unknownNote}`,
        evidenceOf(flagged),
      );
    const from = `warning from ${END_WARNING_DAYS} days before`;
    if (soon.length === 1) {
      const [{ window, days }] = soon as [Judged];
      return warn(
        `${window.name} reaches its end of life in ${count(days ?? 0, 'day')} (${window.phase} ends ${window.end}; ` +
          `${from})${unknownNote}`,
        evidenceOf(flagged),
      );
    }
    if (soon.length > 1)
      return warn(
        `${count(soon.length, 'runtime')} reach their end of life within ${END_WARNING_DAYS} days: ` +
          `${soon.map(ending).join(', ')} (${from})${unknownNote}`,
        evidenceOf(flagged),
      );
    const supported = judged.map(({ window }) => `${window.name} until ${window.end ?? 'no end announced yet'}`);
    return pass(
      `supported: ${supported.join(', ')}${unknownNote}`,
      judged.flatMap(({ where }) => where),
    );
  },
});
