import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { diffReports, type DiffReport } from '../../../src/compare/diff.js';
import { renderDiff } from '../../../src/report/diff-report.js';
import { edited, prScenario, recordedImage, reportWith } from '../compare/diff.test.js';

const plain = { color: false, width: 110 };

function prDiff(): DiffReport {
  const { oldImage, newImage } = prScenario();
  return diffReports(reportWith(oldImage), reportWith(newImage));
}

/** Three images before, three after: one regressed pair, one unchanged pair audited without the runtime checks, one added, one removed. */
function batchDiff(): DiffReport {
  const bad = recordedImage('bad');
  const good = recordedImage('good');
  const risky = recordedImage('fs-risky');
  const { filesystem, runtime: _runtime, ...config } = good.facts;
  const goodWithoutRuntime = evaluate({ ref: good.ref, config, filesystem });
  const { newImage } = prScenario();
  return diffReports(
    reportWith(bad, good, risky),
    reportWith(newImage, goodWithoutRuntime, edited(bad, { ref: 'registry.example.com/team/worker:2.1' })),
  );
}

const HOSTILE_REF = 'evil\u001b[2J\u009b1m|`x`<script>alert(1)</script>@admin:latest';
const HOSTILE_MESSAGE =
  'runs as root\n| injected | row |\n<img src=x onerror=alert(1)> [click](javascript:alert(1)) @everyone \u202eevil';
const HOSTILE_EVIDENCE = ['```\u0007', ']]> **bold** _it_ #1 :smile:', '\\|'];

function hostileDiff(): DiffReport {
  const bad = recordedImage('bad');
  const hostile = edited(bad, {
    ref: HOSTILE_REF,
    id: 'sha256:\u001b]0;title\u0007abc',
    findings: {
      'no-sudo': { status: 'fail', message: HOSTILE_MESSAGE, evidence: HOSTILE_EVIDENCE },
      'healthcheck-defined': { status: 'pass' },
    },
  });
  const twin = edited(bad, {
    ref: `${HOSTILE_REF}\u202e`,
    findings: { 'healthcheck-defined': { message: HOSTILE_MESSAGE } },
  });
  return diffReports(
    reportWith(twin, bad),
    reportWith(
      hostile,
      edited(bad, { ref: `other/${'x'.repeat(20)}:1`, findings: { 'oci-labels': { message: HOSTILE_MESSAGE } } }),
    ),
  );
}

/** Code spans as CommonMark reads them: a run of N backticks up to the next run of exactly N. */
const CODE_SPAN = /(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g;

/** Cells of a GFM table row: split on pipes that are not escaped. */
const cellCount = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length - 1;

describe('renderDiff table (golden output from recorded images)', () => {
  it('renders one pair: metrics, changed findings, regression verdict', async () => {
    await expect(renderDiff(prDiff(), 'table', plain)).toMatchFileSnapshot('__golden__/diff.pair.table.txt');
  });

  it('renders pairs, an added and a removed image, notes and a summary', async () => {
    await expect(renderDiff(batchDiff(), 'table', plain)).toMatchFileSnapshot('__golden__/diff.batch.table.txt');
  });

  it('says so in one line when nothing regressed', () => {
    const good = recordedImage('good');
    const text = renderDiff(diffReports(reportWith(good), reportWith(good)), 'table', plain);
    expect(text).toContain('No finding appeared, disappeared or changed status.');
    expect(text.trimEnd().split('\n').at(-1)).toBe('no regression');
  });

  it('colors only when asked', () => {
    expect(renderDiff(prDiff(), 'table', { color: false, width: 100 })).not.toContain('\u001b[');
    expect(renderDiff(prDiff(), 'table', { color: true, width: 100 })).toContain('\u001b[');
  });

  it('fits the tables into the width it is given', () => {
    for (const width of [80, 140]) {
      const lines = renderDiff(batchDiff(), 'table', { color: false, width }).split('\n');
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(width);
    }
  });

  it('prints image-provided text with control characters made visible', () => {
    const text = renderDiff(hostileDiff(), 'table', plain);
    expect(text).toContain('evil\\x1b[2J\\x9b1m|`x`<script>alert(1)</script>@admin:latest');
    expect(text).toContain('runs as root\\n| injected | row |');
    expect(text).toContain('\\u{202e}evil');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });
});

describe('renderDiff markdown', () => {
  it('renders one pair for a PR comment', async () => {
    await expect(renderDiff(prDiff(), 'markdown', plain)).toMatchFileSnapshot('__golden__/diff.pair.md');
  });

  it('renders pairs, an added and a removed image, notes and a summary', async () => {
    await expect(renderDiff(batchDiff(), 'markdown', plain)).toMatchFileSnapshot('__golden__/diff.batch.md');
  });

  it('keeps image text inside code spans, where it cannot break tables, add HTML, links or mentions', () => {
    const text = renderDiff(hostileDiff(), 'markdown', plain);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    const outsideCode = text.replace(CODE_SPAN, '');
    for (const active of ['<script', '<img', '](', '@admin', '@everyone', ':smile:', '**bold**', ']]>', '`'])
      expect(outsideCode).not.toContain(active);
    expect(text).toContain('``evil\\x1b[2J\\x9b1m|`x`<script>alert(1)</script>@admin:latest``');
    expect(text).toContain('runs as root\\n\\| injected \\| row \\|');

    for (const table of text.split('\n\n').filter((block) => block.startsWith('|'))) {
      const [head, ...rows] = table.split('\n');
      for (const line of rows) expect(cellCount(line)).toBe(cellCount(head!));
    }
  });
});

describe('renderDiff json', () => {
  it('is the DiffReport itself, with control characters escaped', () => {
    const diff = hostileDiff();
    const text = renderDiff(diff, 'json', plain);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(diff)));
    expect(JSON.parse(text)).toMatchObject({
      schemaVersion: 1,
      regressed: true,
      policy: { maxGrowthPercent: 10, failOn: 'high' },
    });
  });
});
