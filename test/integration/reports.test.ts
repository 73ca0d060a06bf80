import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, expect, it } from 'vitest';
import type { AuditReport } from '../../src/evaluate/result.js';
import { assertValidReport, assertValidSarif } from '../helpers/schema.js';
import { describeWithEngine, FIXTURES, runCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'imgaudit-reports-it-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const read = (name: string) => readFileSync(file(name), 'utf8');

describeWithEngine('every report format from one real run', () => {
  it('writes table to stdout and json, sarif, junit, markdown and html to files, all agreeing', async () => {
    const run = await runCli([
      '--no-run',
      '--no-config',
      '--dockerfile',
      'test/fixtures/bad/Dockerfile',
      '-o',
      `json=${file('r.json')}`,
      '-o',
      `sarif=${file('r.sarif')}`,
      '-o',
      `junit=${file('r.xml')}`,
      '-o',
      `markdown=${file('r.md')}`,
      '-o',
      `html=${file('r.html')}`,
      FIXTURES.good,
      FIXTURES.bad,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Summary');
    for (const [format, name] of [
      ['json', 'r.json'],
      ['sarif', 'r.sarif'],
      ['junit', 'r.xml'],
      ['markdown', 'r.md'],
      ['html', 'r.html'],
    ]) {
      expect(run.stderr).toContain(`imgaudit: ${format} report written to ${file(name!)}`);
    }
    const report = JSON.parse(read('r.json')) as AuditReport;
    assertValidReport(report);
    const failed = (ref: string) =>
      report.images
        .find((image) => image.ref === ref)!
        .findings.filter((f) => ['fail', 'warn', 'error'].includes(f.status));

    const sarif = JSON.parse(read('r.sarif'));
    assertValidSarif(sarif);
    const results = sarif.runs[0].results as {
      ruleId: string;
      locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
    }[];
    expect(results).toHaveLength(failed(FIXTURES.good).length + failed(FIXTURES.bad).length);
    expect(results.map((result) => result.ruleId)).toContain('non-root-user');
    expect(new Set(results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri))).toEqual(
      new Set(['test/fixtures/bad/Dockerfile']),
    );

    const xml = read('r.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites
      .testsuite as { name: string; failures: string }[];
    expect(suites.map((suite) => suite.name)).toEqual([FIXTURES.good, FIXTURES.bad]);
    // The bad image's suite fails its gate test case too.
    expect(Number(suites[1]!.failures)).toBe(failed(FIXTURES.bad).filter((f) => f.status === 'fail').length + 1);

    const markdown = read('r.md');
    expect(markdown).toContain(`| ${FIXTURES.bad} |`);
    const html = read('r.html');
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).not.toMatch(/<script/i);
    for (const image of report.images) expect(html).toContain(image.ref);
  });
});
