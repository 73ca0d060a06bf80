// When distribution releases and language runtimes stop getting security fixes: data, read by the rules, never
// fetched. Compiled 2026-11-30 from endoflife.date (products/*.md of github.com/endoflife-date/endoflife.date) and
// the projects' own pages: wiki.debian.org/LTS, wiki.ubuntu.com/Releases, alpinelinux.org/releases,
// access.redhat.com/support/policy/updates/errata, aws.amazon.com/amazon-linux-2/faqs and the AL2023 release
// cadence, nodejs.org/en/about/previous-releases, devguide.python.org/versions, go.dev/doc/devel/release.
// A test fails once LIFECYCLE_CHECKED is a year old: re-check every date then, and add the new releases.

/** The day the tables below were last checked against their sources. */
export const LIFECYCLE_CHECKED = '2026-11-30';

/** One release's support window, as the rules report it. */
export interface SupportWindow {
  /** `Debian`, `Node.js`. */
  readonly product: string;
  /** The release cycle the version belongs to: `11`, `3.18`, `20.04`, `1.22`. */
  readonly cycle: string;
  /** `Debian 11 (bullseye)`, `Node.js 20`. */
  readonly name: string;
  /** The last day of the support counted (YYYY-MM-DD); null when no end is announced yet. */
  readonly end: string | null;
  /** Which support ends then: `Debian LTS`, `standard support`, … */
  readonly phase: string;
}

interface Distribution {
  readonly product: string;
  readonly phase: string;
  /** The cycle of a VERSION_ID: `3.18.4` → `3.18`, `8.9` → `8`. */
  readonly cycleOf: (versionId: string) => string;
  /** Cycle → [end, codename]. */
  readonly cycles: Readonly<Record<string, readonly [end: string, codename?: string]>>;
}

const major = (version: string): string => version.split('.')[0] ?? version;
const majorMinor = (version: string): string => version.split('.').slice(0, 2).join('.');

/** By os-release ID. The phase counted is the last one anyone gets without a paid subscription. */
const DISTRIBUTIONS: Readonly<Record<string, Distribution>> = {
  debian: {
    product: 'Debian',
    // The security team's support ends about a year after the next release; Debian LTS, an official Debian project
    // open to all, carries security fixes on to five years. Paid ELTS is not counted.
    phase: 'Debian LTS',
    cycleOf: major,
    cycles: {
      '7': ['2018-05-31', 'wheezy'],
      '8': ['2020-06-30', 'jessie'],
      '9': ['2022-06-30', 'stretch'],
      '10': ['2024-06-30', 'buster'],
      '11': ['2026-08-31', 'bullseye'],
      '12': ['2028-06-30', 'bookworm'],
      '13': ['2030-06-30', 'trixie'],
    },
  },
  ubuntu: {
    product: 'Ubuntu',
    // Expanded Security Maintenance needs an Ubuntu Pro subscription: not counted.
    phase: 'standard support',
    cycleOf: majorMinor,
    cycles: {
      '14.04': ['2019-04-02', 'trusty'],
      '16.04': ['2021-04-02', 'xenial'],
      '18.04': ['2023-05-31', 'bionic'],
      '20.04': ['2025-05-31', 'focal'],
      '20.10': ['2021-07-22', 'groovy'],
      '21.04': ['2022-01-20', 'hirsute'],
      '21.10': ['2022-07-14', 'impish'],
      '22.04': ['2027-04-01', 'jammy'],
      '22.10': ['2023-07-20', 'kinetic'],
      '23.04': ['2024-01-20', 'lunar'],
      '23.10': ['2024-07-12', 'mantic'],
      '24.04': ['2029-05-31', 'noble'],
      '24.10': ['2025-07-10', 'oracular'],
      '25.04': ['2026-01-17', 'plucky'],
      '25.10': ['2026-07-01', 'questing'],
      '26.04': ['2031-04-30', 'resolute'],
    },
  },
  alpine: {
    product: 'Alpine Linux',
    // Each branch gets security fixes for about two years; fixes after that only on request.
    phase: 'security support',
    cycleOf: majorMinor,
    cycles: {
      '3.7': ['2019-11-01'],
      '3.8': ['2020-05-01'],
      '3.9': ['2020-11-01'],
      '3.10': ['2021-05-01'],
      '3.11': ['2021-11-01'],
      '3.12': ['2022-05-01'],
      '3.13': ['2022-11-01'],
      '3.14': ['2023-05-01'],
      '3.15': ['2023-11-01'],
      '3.16': ['2024-05-23'],
      '3.17': ['2024-11-22'],
      '3.18': ['2025-05-09'],
      '3.19': ['2025-11-01'],
      '3.20': ['2026-04-01'],
      '3.21': ['2026-11-01'],
      '3.22': ['2027-05-01'],
      '3.23': ['2027-11-01'],
    },
  },
  rhel: {
    product: 'Red Hat Enterprise Linux',
    // UBI images say ID=rhel too. The paid Extended Life Cycle Support add-on is not counted.
    phase: 'maintenance support',
    cycleOf: major,
    cycles: {
      '6': ['2020-11-30'],
      '7': ['2024-06-30'],
      '8': ['2029-05-31'],
      '9': ['2032-05-31'],
      '10': ['2035-05-31'],
    },
  },
  amzn: {
    product: 'Amazon Linux',
    phase: 'security support',
    cycleOf: (versionId) => versionId,
    cycles: {
      '2018.03': ['2023-12-31'],
      '2': ['2026-06-30'],
      // Standard support to 2027-06-30, then maintenance (security fixes) to this day.
      '2023': ['2029-06-30'],
    },
  },
};

/** The support window of the distribution release an os-release names; null when the tables do not know it. */
export function osSupport(id: string, versionId: string | null): SupportWindow | null {
  const distribution = Object.hasOwn(DISTRIBUTIONS, id) ? DISTRIBUTIONS[id] : undefined;
  if (!distribution || !versionId) return null;
  const cycle = distribution.cycleOf(versionId);
  const known = Object.hasOwn(distribution.cycles, cycle) ? distribution.cycles[cycle] : undefined;
  if (!known) return null;
  const [end, codename] = known;
  return {
    product: distribution.product,
    cycle,
    name: `${distribution.product} ${cycle}${codename ? ` (${codename})` : ''}`,
    end,
    phase: distribution.phase,
  };
}

export type Runtime = 'node' | 'python' | 'go';

/** Node.js majors: odd ones end two months after the next even one's release; even ones get 30 months of LTS. */
const NODE_END: Readonly<Record<string, string>> = {
  '10': '2021-04-30',
  '12': '2022-04-30',
  '13': '2020-06-01',
  '14': '2023-04-30',
  '15': '2021-06-01',
  '16': '2023-09-11',
  '17': '2022-06-01',
  '18': '2025-04-30',
  '19': '2023-06-01',
  '20': '2026-04-30',
  '21': '2024-06-01',
  '22': '2027-04-30',
  '23': '2025-06-01',
  '24': '2028-04-30',
  '25': '2026-06-01',
  '26': '2029-04-30',
};

/** Python minors; an end announced by month only is counted at the month's last day. */
const PYTHON_END: Readonly<Record<string, string>> = {
  '2.7': '2020-01-01',
  '3.5': '2020-09-13',
  '3.6': '2021-12-23',
  '3.7': '2023-06-27',
  '3.8': '2024-10-07',
  '3.9': '2025-10-31',
  '3.10': '2026-10-31',
  '3.11': '2027-10-31',
  '3.12': '2028-10-31',
  '3.13': '2029-10-31',
  '3.14': '2030-10-31',
};

/** Go's major releases (go1.N.0) and their dates: each is supported until the second newer one is released. */
const GO_RELEASES: readonly (readonly [minor: number, released: string])[] = [
  [16, '2021-02-16'],
  [17, '2021-08-16'],
  [18, '2022-03-15'],
  [19, '2022-08-02'],
  [20, '2023-02-01'],
  [21, '2023-08-08'],
  [22, '2024-02-06'],
  [23, '2024-08-13'],
  [24, '2025-02-11'],
  [25, '2025-08-12'],
  [26, '2026-02-10'],
  [27, '2026-08-19'],
];

/**
 * The support window of a language runtime's version (`20.11.1`, `v18.19.0`, `3.9.18`, `go1.22.5`, a distribution's
 * `18.19.0+dfsg-6~deb12u2`); null when the version is not one the tables know. For `supported-runtimes`.
 */
export function runtimeSupport(runtime: Runtime, version: string): SupportWindow | null {
  // A distribution's version may carry an epoch (`1:18.19.0`) and a revision (`3.11.2-1+b1`): the upstream part leads.
  const numbers = /^(?:\d+:)?(?:go|v)?(\d+)\.?(\d+)?/.exec(version.trim());
  if (!numbers) return null;
  const [, first, second] = numbers as unknown as [string, string, string | undefined];
  if (runtime === 'node') {
    const end = Object.hasOwn(NODE_END, first) ? NODE_END[first] : undefined;
    return end ? { product: 'Node.js', cycle: first, name: `Node.js ${first}`, end, phase: 'support' } : null;
  }
  if (second === undefined) return null;
  const cycle = `${first}.${second}`;
  if (runtime === 'python') {
    const end = Object.hasOwn(PYTHON_END, cycle) ? PYTHON_END[cycle] : undefined;
    return end ? { product: 'Python', cycle, name: `Python ${cycle}`, end, phase: 'security support' } : null;
  }
  return goSupport(Number(first), Number(second));
}

function goSupport(majorVersion: number, minor: number): SupportWindow | null {
  const oldest = GO_RELEASES[0]!;
  const newest = GO_RELEASES[GO_RELEASES.length - 1]!;
  if (majorVersion !== 1 || minor > newest[0]) return null;
  const cycle = `1.${minor}`;
  const window = { product: 'Go', cycle, name: `Go ${cycle}`, phase: 'support' };
  // Older than the table: its successor's successor came out before the oldest release listed.
  if (minor < oldest[0]) return { ...window, end: oldest[1] };
  const secondNewer = GO_RELEASES.find(([release]) => release === minor + 2);
  return { ...window, end: secondNewer ? secondNewer[1] : null };
}

export type SupportStatus = 'supported' | 'ending' | 'ended';

/** Days of warning before an end. */
export const END_WARNING_DAYS = 90;

const DAY_MS = 86_400_000;

/**
 * Where `now` (YYYY-MM-DD) stands: `ended` after the window's last day, `ending` within `warnDays` of it, else
 * `supported`; `days` is how many days of support are left (negative: since when it ended).
 */
export function supportStatus(
  window: SupportWindow,
  now: string,
  warnDays = END_WARNING_DAYS,
): { status: SupportStatus; days: number | null } {
  if (window.end === null) return { status: 'supported', days: null };
  const days = Math.round((Date.parse(window.end) - Date.parse(now)) / DAY_MS);
  return { status: days < 0 ? 'ended' : days <= warnDays ? 'ending' : 'supported', days };
}

/** A `YYYY-MM-DD` day that exists. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(text);
}
