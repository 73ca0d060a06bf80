import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import { grid } from '../../../src/report/grid.js';
import { renderTable } from '../../../src/report/table.js';
import { displayWidth, shortened, wrapCell } from '../../../src/report/view.js';
import { recordedBatch, withFinding, withImage } from '../helpers/reports.js';

const plain = pc.createColors(false);
const colored = pc.createColors(true);
const stripColors = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('wrapCell', () => {
  it('breaks between words, keeps indentation, and breaks a word wider than the column inside it', () => {
    expect(wrapCell('one two three four', 9)).toBe('one two\nthree\nfour');
    expect(wrapCell('  CMD ["/app"]', 20)).toBe('  CMD ["/app"]');
    expect(wrapCell('file:0123456789abcdef in /', 8)).toBe('file:012\n3456789a\nbcdef in\n/');
  });

  it('counts wide characters as two columns and color codes as none', () => {
    expect(displayWidth('漢字😀a')).toBe(7);
    expect(displayWidth(colored.dim('abc'))).toBe(3);
    expect(wrapCell('漢字漢字漢字', 5)).toBe('漢字\n漢字\n漢字');
    expect(stripColors(wrapCell(colored.dim('aaaa bbbb'), 4))).toBe('aaaa\nbbbb');
  });
});

describe('grid', () => {
  it('draws every line of a table the same width, whatever the cells hold', () => {
    const table = grid({ head: ['A', 'Wrapped'], colWidths: [6, 14], colors: plain });
    table.push(['x', 'a long cell that wraps over lines']);
    table.push(['漢字', '😀 wide 漢字 and\nnewlines']);
    table.push(['', '']);
    const lines = table.toString().split('\n');
    expect(new Set(lines.map((line) => displayWidth(line)))).toEqual(new Set([6 + 14 + 3]));
    expect(lines[0]).toBe('┌──────┬──────────────┐');
    expect(lines[1]).toBe('│ A    │ Wrapped      │');
    expect(lines.at(-1)).toBe('└──────┴──────────────┘');
  });

  it('sizes columns to their widest line without widths, and aligns right when asked', () => {
    const table = grid({ head: ['', 'Old'], colAligns: ['left', 'right'], compact: true, colors: plain });
    table.push(['size', '1 MB']);
    table.push(['layers', '12']);
    expect(table.toString()).toBe(
      [
        '┌────────┬──────┐',
        '│        │  Old │',
        '├────────┼──────┤',
        '│ size   │ 1 MB │',
        '│ layers │   12 │',
        '└────────┴──────┘',
      ].join('\n'),
    );
  });

  it('reopens a color on every line of a wrapped cell and closes it before the border', () => {
    const table = grid({ head: ['H'], colWidths: [8], colors: colored });
    table.push([colored.dim('aaa bbb ccc')]);
    const body = table
      .toString()
      .split('\n')
      .filter((line) => stripColors(line).includes('a') || /b{3}|c{3}/.test(stripColors(line)));
    expect(body).toHaveLength(3);
    for (const line of body) {
      const cell = line.slice(line.indexOf('\u001b[2m'));
      expect(cell.startsWith('\u001b[2m')).toBe(true);
      expect(cell.slice(0, cell.indexOf('│'))).toMatch(/\u001b\[(?:0|22)m/);
    }
  });

  it('draws a 200 KB cell of hostile text at once (cli-table3 took minutes on a few kilobytes)', () => {
    const hostile = 'a \u001b[2J漢😀 '.repeat(20_000);
    const table = grid({ head: ['Finding'], colWidths: [60], colors: plain });
    table.push([hostile]);
    const lines = table.toString().split('\n');
    expect(lines.length).toBeGreaterThan(3000);
    expect(new Set(lines.map((line) => displayWidth(line))).size).toBe(1);
  });
});

describe('the table report on an image with very long text', () => {
  it('shows 2,000 characters of an evidence item and says how many more there are', () => {
    const long = 'Ω'.repeat(50_000);
    const report = withImage(recordedBatch(), 0, (image) =>
      withFinding(image, 'exec-form', (finding) => ({ ...finding, evidence: [long] })),
    );
    const text = renderTable(report, { color: false, width: 120 });
    expect(text).toContain('(48000 more characters)');
    expect(text.split('Ω').length - 1).toBe(2000);
    expect(shortened('😀'.repeat(1500), 2001)).toBe(`${'😀'.repeat(1000)}… (1000 more characters)`);
  });
});
