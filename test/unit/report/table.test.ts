import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/evaluate/evaluate.js';
import { renderTable } from '../../../src/report/table.js';
import type { AuditReport } from '../../../src/evaluate/result.js';
import { DEFAULT_GATE } from '../../../src/evaluate/result.js';
import { recorded } from '../collect/config/image-config.test.js';

function reportOf(...names: string[]): AuditReport {
  const images = names.map((name) => {
    const config = recorded(name);
    return evaluate({ ref: config.repoTags[0]!, config });
  });
  return {
    schemaVersion: 1,
    tool: { name: 'imgaudit', version: '0.0.0' },
    gate: DEFAULT_GATE,
    passed: images.every((i) => i.passed),
    images,
  };
}

describe('renderTable (golden output from recorded fixture facts)', () => {
  it('renders one image: header, checklist, findings with fixes', async () => {
    await expect(renderTable(reportOf('bad'), { color: false, width: 110 })).toMatchFileSnapshot(
      '__golden__/bad.table.txt',
    );
  });

  it('adds a worst-first summary for several images', async () => {
    const text = renderTable(reportOf('good', 'bad', 'env-secrets'), { color: false, width: 110 });
    await expect(text.slice(text.indexOf('Summary'))).toMatchFileSnapshot('__golden__/summary.table.txt');
  });

  it('colors only when asked', () => {
    expect(renderTable(reportOf('bad'), { color: false, width: 100 })).not.toContain('\u001b[');
    expect(renderTable(reportOf('bad'), { color: true, width: 100 })).toContain('\u001b[');
  });

  it('fits the tables into the width it is given', () => {
    for (const width of [80, 140]) {
      const lines = renderTable(reportOf('bad', 'good'), { color: false, width }).split('\n');
      expect(Math.max(...lines.map((line) => line.length))).toBeLessThanOrEqual(width);
    }
  });

  it('prints image-provided text with control characters made visible', () => {
    const report = reportOf('bad');
    const image = report.images[0]!;
    const hostile = { ...report, images: [{ ...image, ref: 'evil\u001b[2J\u009b1m:latest' }] };
    const text = renderTable(hostile, { color: false, width: 100 });
    expect(text).toContain('evil\\x1b[2J\\x9b1m:latest');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('renderTable with a baseline and a configuration', () => {
  it('marks baselined findings, counts them in the verdict, and lists what the configuration accepted', () => {
    const image = reportOf('bad').images[0]!;
    const findings = image.findings.map((finding) => {
      if (finding.rule === 'non-root-user') return { ...finding, baselined: true };
      if (finding.rule === 'oci-labels')
        return {
          ...finding,
          baselined: false,
          allowlisted: [{ item: 'label x', reason: 'set by\u001b the registry' }],
        };
      if (finding.rule === 'exec-form')
        return { ...finding, status: 'pass' as const, allowlisted: [{ item: 'CMD sh', reason: 'legacy' }] };
      return finding;
    });
    const report = {
      ...reportOf('bad'),
      baseline: { file: 'main.json', findings: 1 },
      images: [{ ...image, findings }],
    };
    const text = renderTable(report, { color: false, width: 120 });
    expect(text).toContain('(1 finding in the baseline)');
    expect(text).toMatch(/runs as root: no USER is set \(in the baseline: does not gate\)/);
    expect(text).toContain('• accepted: label x (set by\\x1b the registry)');
    expect(text).toContain('Accepted by the configuration\n  exec-form: CMD sh (legacy)');
  });
});
