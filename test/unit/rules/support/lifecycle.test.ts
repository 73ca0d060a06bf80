import { describe, expect, it } from 'vitest';
import {
  isDay,
  LIFECYCLE_CHECKED,
  osSupport,
  runtimeSupport,
  supportStatus,
} from '../../../../src/rules/support/lifecycle.js';

describe('the lifecycle tables', () => {
  it('were checked against their sources within the last year (re-check every date, add new releases)', () => {
    const ageDays = (Date.now() - Date.parse(`${LIFECYCLE_CHECKED}T00:00:00Z`)) / 86_400_000;
    expect(ageDays, `LIFECYCLE_CHECKED is ${LIFECYCLE_CHECKED}`).toBeLessThan(365);
    expect(ageDays).toBeGreaterThan(-1);
  });

  it.each([
    ['debian', '10', 'Debian 10 (buster)', '2024-06-30', 'Debian LTS'],
    ['debian', '11', 'Debian 11 (bullseye)', '2026-08-31', 'Debian LTS'],
    ['debian', '12', 'Debian 12 (bookworm)', '2028-06-30', 'Debian LTS'],
    ['ubuntu', '20.04', 'Ubuntu 20.04 (focal)', '2025-05-31', 'standard support'],
    ['ubuntu', '24.04', 'Ubuntu 24.04 (noble)', '2029-05-31', 'standard support'],
    ['alpine', '3.18.4', 'Alpine Linux 3.18', '2025-05-09', 'security support'],
    ['alpine', '3.22.0', 'Alpine Linux 3.22', '2027-05-01', 'security support'],
    ['rhel', '8.10', 'Red Hat Enterprise Linux 8', '2029-05-31', 'maintenance support'],
    ['amzn', '2', 'Amazon Linux 2', '2026-06-30', 'security support'],
    ['amzn', '2023', 'Amazon Linux 2023', '2029-06-30', 'security support'],
  ])('%s %s is %s until %s (%s)', (id, versionId, name, end, phase) => {
    expect(osSupport(id, versionId)).toMatchObject({ name, end, phase });
  });

  it('knows nothing of other distributions, unreleased versions or a missing VERSION_ID', () => {
    expect(osSupport('gentoo', '2.15')).toBeNull();
    expect(osSupport('debian', null)).toBeNull();
    expect(osSupport('debian', '14')).toBeNull();
    expect(osSupport('constructor', '1')).toBeNull();
    expect(osSupport('debian', 'toString')).toBeNull();
  });

  it('has every end as a real day', () => {
    for (const [id, versions] of Object.entries({
      debian: ['7', '8', '9', '10', '11', '12', '13'],
      ubuntu: ['14.04', '16.04', '18.04', '20.04', '22.04', '24.04', '26.04', '25.10'],
      alpine: ['3.7', '3.12', '3.16', '3.20', '3.23'],
      rhel: ['6', '7', '8', '9', '10'],
      amzn: ['2018.03', '2', '2023'],
    }))
      for (const version of versions) expect(isDay(osSupport(id, version)!.end!), `${id} ${version}`).toBe(true);
  });
});

describe('runtimeSupport (for the runtime end-of-life rule)', () => {
  it.each([
    ['node', '18.19.0', 'Node.js 18', '2025-04-30'],
    ['node', 'v20.11.1', 'Node.js 20', '2026-04-30'],
    ['node', '22', 'Node.js 22', '2027-04-30'],
    ['python', '3.9.18', 'Python 3.9', '2025-10-31'],
    ['python', '3.12', 'Python 3.12', '2028-10-31'],
    ['go', 'go1.22.5', 'Go 1.22', '2025-02-11'],
    ['go', '1.24.2', 'Go 1.24', '2026-02-10'],
    ['go', '1.25', 'Go 1.25', '2026-08-19'],
    ['go', 'go1.12', 'Go 1.12', '2021-02-16'],
    ['python', '3.11.2-1+b1', 'Python 3.11', '2027-10-31'],
    ['python', '2.7.18-8+deb11u1', 'Python 2.7', '2020-01-01'],
    ['python', '3.12.8-r1', 'Python 3.12', '2028-10-31'],
    ['node', '18.19.0+dfsg-6~deb12u2', 'Node.js 18', '2025-04-30'],
    ['node', '12.22.9~dfsg-1ubuntu3', 'Node.js 12', '2022-04-30'],
    ['node', '1:20.11.1-1nodesource1', 'Node.js 20', '2026-04-30'],
    ['go', 'go1.19.8', 'Go 1.19', '2023-08-08'],
    ['go', '1.21rc2', 'Go 1.21', '2024-08-13'],
  ] as const)('%s %s: %s until %s', (runtime, version, name, end) => {
    expect(runtimeSupport(runtime, version)).toMatchObject({ name, end });
  });

  it('has no end yet for a Go release until the second newer one is out', () => {
    expect(runtimeSupport('go', 'go1.26.3')).toMatchObject({ name: 'Go 1.26', end: null });
    expect(runtimeSupport('go', 'go1.27.0')).toMatchObject({ name: 'Go 1.27', end: null });
  });

  it('knows nothing of versions it has no row for', () => {
    expect(runtimeSupport('node', '99.0.0')).toBeNull();
    expect(runtimeSupport('python', '4.0')).toBeNull();
    expect(runtimeSupport('python', '3')).toBeNull();
    expect(runtimeSupport('go', 'go1.99')).toBeNull();
    expect(runtimeSupport('go', 'go2.0')).toBeNull();
    expect(runtimeSupport('node', 'latest')).toBeNull();
  });
});

describe('supportStatus', () => {
  const window = osSupport('debian', '11')!;
  it.each([
    ['2026-06-01', 'supported', 91],
    ['2026-06-02', 'ending', 90],
    ['2026-08-31', 'ending', 0],
    ['2026-09-01', 'ended', -1],
  ])('on %s: %s (%d days left)', (now, status, days) => {
    expect(supportStatus(window, now)).toEqual({ status, days });
  });

  it('is supported, with no day count, while no end is announced', () => {
    expect(supportStatus(runtimeSupport('go', '1.27')!, '2030-01-01')).toEqual({ status: 'supported', days: null });
  });
});

describe('isDay', () => {
  it.each([
    ['2026-11-30', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-11-30T00:00:00Z', false],
    ['today', false],
  ])('%s → %s', (text, expected) => {
    expect(isDay(text)).toBe(expected);
  });
});
