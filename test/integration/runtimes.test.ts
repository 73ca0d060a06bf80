import { expect, it } from 'vitest';
import { assertValidReport } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runJson, statusesOf } from './helpers.js';

describeWithEngine('supported-runtimes (real engine, the runtimes fixture)', () => {
  it('finds Node.js by node_version.h, Python by its library directory and by its packages, and fails the ended ones', async () => {
    const { report } = await runJson(['--no-run', '--no-config', FIXTURES.runtimes]);
    assertValidReport(report);
    const image = report.images[0]!;
    const fs = image.facts.filesystem!;
    expect(fs.languageRuntimes).toEqual([
      { runtime: 'node', version: '18.20.4', path: '/usr/local/include/node/node_version.h', layerIndex: 0 },
      { runtime: 'python', version: '3.8', path: '/usr/local/lib/python3.8/os.py', layerIndex: 0 },
    ]);
    expect(fs.inventory!.packages.map(({ name, version }) => `${name} ${version}`)).toEqual([
      'python3-yaml 6.0-3+b2',
      'python3.11 3.11.2-6+deb12u6',
      'python3.11-minimal 3.11.2-6+deb12u6',
    ]);
    expect(statusesOf(report)['supported-runtimes']).toBe('fail');
    const finding = image.findings.find((candidate) => candidate.rule === 'supported-runtimes')!;
    // Judged on the day of the run: Node.js 18 and Python 3.8 ended before this fixture was made, whatever the day.
    expect(finding.message).toMatch(
      /^2 runtimes past their end of life: Node.js 18 \(support ended 2025-04-30\), Python 3\.8 \(security support ended 2024-10-07\)/,
    );
    expect(finding.evidence.slice(0, 4)).toEqual([
      'Node.js 18: support until 2025-04-30',
      '/usr/local/include/node/node_version.h: Node.js 18.20.4',
      'Python 3.8: security support until 2024-10-07',
      '/usr/local/lib/python3.8/os.py: Python 3.8',
    ]);
  });
});
