import { displayWidth, wrapCell, type Colors } from './view.js';

/**
 * The terminal report's tables, drawn here rather than by cli-table3: for every line it drew, cli-table3 measured the
 * whole cell (a debug message cut it to ten characters one character at a time), so a cell of a few kilobytes (an
 * image's label, a long evidence item) took minutes, and the recorded three-image report 1.3 s without colors.
 * This is linear in the text: cells are wrapped by wrapCell, padded by displayWidth, colors reopened on every line.
 */
export interface GridOptions {
  readonly head: readonly string[];
  /**
   * Each column's width, the one space of padding on either side included; the cells are wrapped to fit. Without it
   * each column is as wide as its widest line.
   */
  readonly colWidths?: readonly number[];
  readonly colAligns?: readonly ('left' | 'right')[];
  /** No rule between body rows (the header keeps its own). */
  readonly compact?: boolean;
  /** Bold headers and grey rules when colors are on. */
  readonly colors: Colors;
}

export interface Grid {
  push(row: readonly string[]): void;
  toString(): string;
}

export function grid(options: GridOptions): Grid {
  const rows: string[][] = [];
  return {
    push: (row) => void rows.push([...row]),
    toString: () => drawGrid(options, rows),
  };
}

function drawGrid(options: GridOptions, rows: readonly (readonly string[])[]): string {
  const c = options.colors;
  const inner = options.colWidths?.map((width) => Math.max(1, width - 2));
  const cellLines = (cell: string, column: number) =>
    reopenColors((inner ? wrapCell(cell, inner[column]!) : cell).split('\n'));
  const head = options.head.map((cell, column) => cellLines(cell, column).map((line) => c.bold(line)));
  const body = rows.map((row) => options.head.map((_, column) => cellLines(row[column] ?? '', column)));
  const widths =
    inner ??
    options.head.map((_, column) =>
      Math.max(...[head, ...body].flatMap((row) => row[column]!.map((line) => displayWidth(line)))),
    );
  const rule = (left: string, middle: string, right: string) =>
    c.gray(`${left}${widths.map((width) => '─'.repeat(width + 2)).join(middle)}${right}`);
  const bar = c.gray('│');
  const drawRow = (cells: readonly (readonly string[])[]) => {
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    return Array.from({ length: height }, (_, index) => {
      const parts = cells.map((lines, column) => {
        const line = lines[index] ?? '';
        const fill = ' '.repeat(Math.max(0, widths[column]! - displayWidth(line)));
        return options.colAligns?.[column] === 'right' ? ` ${fill}${line} ` : ` ${line}${fill} `;
      });
      return `${bar}${parts.join(bar)}${bar}`;
    }).join('\n');
  };
  const lines = [rule('┌', '┬', '┐'), drawRow(head)];
  body.forEach((row, index) => {
    if (index === 0 || !options.compact) lines.push(rule('├', '┼', '┤'));
    lines.push(drawRow(row));
  });
  lines.push(rule('└', '┴', '┘'));
  return lines.join('\n');
}

// SGR parameters that end an attribute, and the attributes each ends (picocolors' pairs).
const ENDS: Readonly<Record<string, (code: number) => boolean>> = {
  '0': () => true,
  '22': (code) => code === 1 || code === 2,
  '23': (code) => code === 3,
  '24': (code) => code === 4,
  '27': (code) => code === 7,
  '29': (code) => code === 9,
  '39': (code) => (code >= 30 && code <= 38) || (code >= 90 && code <= 97),
  '49': (code) => (code >= 40 && code <= 48) || (code >= 100 && code <= 107),
};
const SGR = /\u001b\[([0-9;]*)m/g;

/** Each line closes the colors open at its end and the next reopens them, so a colored cell survives the borders. */
function reopenColors(lines: readonly string[]): string[] {
  let open: number[] = [];
  return lines.map((line) => {
    const start = open.map((code) => `\u001b[${code}m`).join('');
    for (const match of line.matchAll(SGR)) {
      for (const parameter of (match[1] || '0').split(';')) {
        const ends = ENDS[parameter];
        open = ends ? open.filter((code) => !ends(code)) : [...open, Number(parameter)];
      }
    }
    return open.length > 0 ? `${start}${line}\u001b[0m` : `${start}${line}`;
  });
}
