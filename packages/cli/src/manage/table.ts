/**
 * Tables as nova-manage prints them (Python's prettytable defaults:
 * centred cells, `+---+` borders), so operators' scripts and eyes match.
 */
export function prettyTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  /** 'l' left-aligns every cell, header included (prettytable's `align = 'l'`). */
  align: 'c' | 'l' = 'c',
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const center = (text: string, width: number) => {
    if (align === 'l') return text.padEnd(width);
    const pad = width - text.length;
    const left = Math.floor(pad / 2);
    // NOTE(prettytable): uneven padding leans right for odd-length text, left for even.
    const l = pad % 2 === 1 && text.length % 2 === 0 ? left + 1 : left;
    return ' '.repeat(l) + text + ' '.repeat(pad - l);
  };
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => center(c, widths[i])).join(' | ')} |`;
  return [rule, line(headers), rule, ...rows.map(line), rule].join('\n');
}
