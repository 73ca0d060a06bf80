import { describe, expect, it } from 'vitest';
import { destinations } from '../../../src/cli/main.js';
import { UsageError } from '../../../src/shared/errors.js';

describe('--output destinations', () => {
  it('sends the --format report to stdout unless a plain file is named', () => {
    expect(destinations('table', [])).toEqual([{ format: 'table', file: null }]);
    expect(destinations('json', ['out/report.json'])).toEqual([{ format: 'json', file: 'out/report.json' }]);
  });

  it('writes FORMAT=FILE outputs besides the main report', () => {
    expect(destinations('table', ['json=r.json', 'report.txt'])).toEqual([
      { format: 'table', file: 'report.txt' },
      { format: 'json', file: 'r.json' },
    ]);
  });

  it('refuses an unknown format, two plain files and one file named twice, in one line', () => {
    expect(() => destinations('table', ['pdf=r.pdf'])).toThrow(
      new UsageError(
        '--output pdf=r.pdf: unknown format "pdf" (one of table, json, sarif, junit, markdown, html, cyclonedx, spdx)',
      ),
    );
    expect(() => destinations('table', ['a.txt', 'b.txt'])).toThrow(/two plain files \(a\.txt, b\.txt\)/);
    expect(() => destinations('table', ['a.json', 'json=a.json'])).toThrow(/names a\.json twice/);
    expect(destinations('table', ['./pdf=r.pdf'])).toEqual([{ format: 'table', file: './pdf=r.pdf' }]);
  });
});
