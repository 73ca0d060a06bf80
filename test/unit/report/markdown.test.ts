import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { escapeMarkdown, fencedBlock } from '../../../src/report/markdown-text.js';
import { recordedBatch, withImage, withFinding } from '../helpers/reports.js';

/** A GFM table row's cells: `\x` pairs are escapes, only a bare `|` separates cells. */
function cells(row: string): string[] {
  const found: string[] = [];
  let cell = '';
  for (let i = 1; i < row.length - 1; i++) {
    if (row[i] === '\\') cell += row[i]! + (row[++i] ?? '');
    else if (row[i] === '|') {
      found.push(cell.trim());
      cell = '';
    } else cell += row[i];
  }
  return [...found, cell.trim()];
}

/** The rows (header and delimiter dropped) of the first table after `marker`. */
function tableAfter(text: string, marker: string, from = 0): string[] {
  const lines = text.slice(text.indexOf(marker, from)).split('\n');
  const start = lines.findIndex((line) => line.startsWith('|'));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('|'));
  return lines.slice(start + 2, end);
}

const HOSTILE = 'evil|`x`<img src=x onerror=alert(1)>\u001b[31m\u202e';

describe('renderMarkdown (recorded three-image report)', () => {
  const report = recordedBatch();
  const text = renderMarkdown(report);

  it('matches the golden file', async () => {
    await expect(text).toMatchFileSnapshot('__golden__/batch.md');
  });

  it('starts with a worst-first summary row per image, with exact scores, grades and gate results', () => {
    const rows = tableAfter(text, '## imgaudit report').map(cells);
    expect(rows.map((row) => row.slice(0, 3))).toEqual([
      ['imgaudit-fixture/bad:latest', '0', '**F**'],
      ['imgaudit-fixture/fs-risky:1.0.0', '0', '**F**'],
      ['imgaudit-fixture/good:1.0.0', '100', '**A**'],
    ]);
    expect(rows.map((row) => row[5])).toEqual(['❌ FAIL', '❌ FAIL', '✅ pass']);
    expect(rows[2]![6]).toBe('–');
    expect(rows[0]![6]).toBe(
      '`non-root-user`, `healthcheck-defined`, `oci-labels`, `exec-form`, `no-latest-tag`, `no-apt-upgrade`, ' +
        '`no-package-manager`, `runtime-non-root`, `graceful-shutdown`',
    );
    expect(text).toContain(
      '3 images audited: 1 passes, 2 fail the gate. Gate: an image fails on a failed finding of severity high or worse.',
    );
  });

  it('has one section per image, each with a checklist row per checklist item', () => {
    const headings = text.split('\n').filter((line) => line.startsWith('### '));
    expect(headings).toEqual([
      '### ❌ imgaudit-fixture/bad:latest: 0/100, grade F',
      '### ❌ imgaudit-fixture/fs-risky:1.0.0: 0/100, grade F',
      '### ✅ imgaudit-fixture/good:1.0.0: 100/100, grade A',
    ]);
    for (const [i, image] of report.images.entries()) {
      const checklist = tableAfter(text, '<summary>Production checklist', text.indexOf(headings[i]!));
      expect(checklist).toHaveLength(image.checklist.length);
      expect(checklist.every((row) => cells(row).length === 3)).toBe(true);
    }
  });

  it('lists the failed and warned findings with their fixes in fenced blocks', () => {
    const fsRisky = text.slice(text.indexOf('### ❌ imgaudit-fixture/fs-risky'), text.indexOf('### ✅'));
    expect(fsRisky).toContain('<summary>Findings: 10 failed, 1 warned</summary>');
    expect(fsRisky).toContain('**❌ FAIL · critical · `no-secrets-in-layers`** 2 secrets in image files');
    expect(fsRisky).toContain('```dockerfile\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n');
    expect(fsRisky.indexOf('critical')).toBeLessThan(fsRisky.indexOf('· high ·'));
  });

  it('stays far below the 65,536 characters of a GitHub comment', () => {
    expect(text.length).toBeLessThan(32_768);
  });
});

describe('renderMarkdown markers', () => {
  it('caps evidence with a count of the rest', () => {
    const report = withImage(recordedBatch(), 1, (image) =>
      withFinding(image, 'wasted-space', (finding) => ({
        ...finding,
        evidence: finding.evidence.slice(0, 1),
        evidenceOmitted: 3,
      })),
    );
    expect(renderMarkdown(report)).toContain('- /app/cache/build-artifact.bin: 3.0 MB in layer(s) 9');
    expect(renderMarkdown(report)).toContain('\n- … and 3 more\n');
  });

  it('marks baselined findings and lists allowlisted items with their reasons', () => {
    const report = withImage(recordedBatch(), 0, (image) =>
      withFinding(
        withFinding(image, 'non-root-user', (finding) => ({ ...finding, baselined: true })),
        'oci-labels',
        (finding) => ({
          ...finding,
          allowlisted: [{ item: 'org.opencontainers.image.created', reason: 'reproducible_builds *drop* it' }],
        }),
      ),
    );
    const text = renderMarkdown({ ...report, baseline: { file: 'main-report.json', findings: 12 } });
    expect(text).toContain('**❌ FAIL · high · `non-root-user`** runs as root: no USER is set _(in baseline)_');
    expect(cells(tableAfter(text, '## imgaudit report')[0]!)[6]).toMatch(
      /^`non-root-user` \(in baseline\), `healthcheck-defined`/,
    );
    expect(text).toContain('<summary>Allowlisted by the configuration: 1 item</summary>');
    expect(text).toContain('- `oci-labels`: org.opencontainers.image.created: reproducible\\_builds \\*drop\\* it');
    expect(text).toContain('Only findings missing from the baseline main-report.json (12 findings) count.');
  });
});

describe('renderMarkdown with hostile image text', () => {
  const hostileReport = withImage(recordedBatch(), 0, (image) => ({
    ...withFinding(image, 'non-root-user', (finding) => ({
      ...finding,
      message: HOSTILE,
      evidence: [HOSTILE, '# heading\n- item'],
    })),
    ref: HOSTILE,
    checklist: image.checklist.map((row, i) => (i === 2 ? { ...row, detail: `${HOSTILE}\n| a | b |` } : row)),
  }));
  const text = renderMarkdown(hostileReport);

  it('keeps every table row at its column count', () => {
    const summary = tableAfter(text, '## imgaudit report');
    expect(summary.map((row) => cells(row).length)).toEqual([7, 7, 7]);
    const checklist = tableAfter(text, '<summary>Production checklist');
    expect(checklist.map((row) => cells(row).length)).toEqual(hostileReport.images[0]!.checklist.map(() => 3));
  });

  it('lets no tag, code span or control character through', () => {
    expect(text).not.toMatch(/<img|<\/?script/i);
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('evil\\|\\`x\\`&lt;img src=x onerror=alert(1)&gt;\\\\x1b\\[31m\\\\u{202e}');
    expect(text).toContain('- \\# heading\\\\n- item');
  });

  it('escapes line-start markers and HTML entities in inline text', () => {
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(escapeMarkdown('2.7 MB - fine')).toBe('2.7 MB - fine');
    expect(escapeMarkdown('> not a quote &amp;')).toBe('&gt; not a quote &amp;amp;');
    expect(escapeMarkdown('~~gone~~ $x$ [link](http://x) _e_')).toBe(
      '\\~\\~gone\\~\\~ \\$x\\$ \\[link\\](http://x) \\_e\\_',
    );
  });

  it('fences code with more backticks than any run inside it', () => {
    const block = fencedBlock('echo ```\n````\n\u001b[2J', 'sh');
    expect(block).toBe('`````sh\necho ```\n````\n\\x1b[2J\n`````');
  });
});
