/** Plain-text tables for the terminal: columns padded to width, numbers right-aligned. */

export type Cell = string | number;

export interface TableOptions {
  /** Per-column alignment; default: right for numbers, left for text. */
  align?: readonly ('left' | 'right')[];
  title?: string;
}

export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[], options: TableOptions = {}): string {
  for (const [i, row] of rows.entries()) {
    if (row.length !== headers.length) throw new RangeError(`table row ${i} has ${row.length} cells, expected ${headers.length}`);
  }
  const text = rows.map((row) => row.map((c) => String(c)));
  const widths = headers.map((h, col) => Math.max(h.length, ...text.map((row) => row[col].length)));
  const alignOf = (col: number): 'left' | 'right' =>
    options.align?.[col] ?? (rows.length > 0 && rows.every((r) => typeof r[col] === 'number') ? 'right' : 'left');
  const pad = (cell: string, col: number): string =>
    alignOf(col) === 'right' ? cell.padStart(widths[col]) : cell.padEnd(widths[col]);
  const line = (cells: readonly string[]): string => `| ${cells.map((c, col) => pad(c, col)).join(' | ')} |`;
  const rule = `|${widths.map((w, col) => (alignOf(col) === 'right' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  const out = [line(headers), rule, ...text.map(line)];
  if (options.title) out.unshift(`${options.title}`, '');
  return out.join('\n');
}

/** Milliseconds with sensible precision: 0.42, 12.3, 1234. */
export function ms(value: number): string {
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

/** Bytes as KB (1 KB = 1,000 bytes, as the size targets are stated) with one decimal. */
export function kb(bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`;
}

/** 1234567 -> "1,234,567". */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}
