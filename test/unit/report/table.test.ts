import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/audit.js';
import { renderTable } from '../../../src/report/table.js';
import type { AuditReport } from '../../../src/result.js';
import { DEFAULT_GATE } from '../../../src/result.js';
import { recorded } from '../collect/config.test.js';

function reportOf(...names: string[]): AuditReport {
  const images = names.map((name) => {
    const config = recorded(name);
    return evaluate({ ref: config.repoTags[0]!, config });
  });
  return { schemaVersion: 1, tool: { name: 'imgaudit', version: '0.0.0' }, gate: DEFAULT_GATE, passed: images.every((i) => i.passed), images };
}

describe('renderTable (golden output from recorded fixture facts)', () => {
  it('renders one image: header, checklist, findings with fixes', async () => {
    await expect(renderTable(reportOf('bad'), { color: false, width: 110 })).toMatchFileSnapshot('__golden__/bad.table.txt');
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
