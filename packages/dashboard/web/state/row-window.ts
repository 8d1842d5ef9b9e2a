/**
 * Windowed rendering of a long table: which rows to put in the DOM so that
 * those in the viewport (and a margin either side) exist, while spacers of
 * the right height keep the scroll height and the scroll bar true. Laying out
 * 1,000 table rows costs Chromium far more than building them, so a table
 * that long renders only the ~50 rows a screen can show.
 */

export interface RowWindow {
  /** The first row rendered (0-based). */
  readonly first: number;
  /** One past the last row rendered. */
  readonly end: number;
}

/**
 * Lists up to this long are rendered whole (find-in-page and printing see
 * every row): pages of 20 and 50. Longer ones (pages of 100 and 1,000) are
 * windowed: a screen shows about 20 rows, and every row built costs.
 */
export const WINDOW_FROM = 50;
/** Rows rendered beyond each edge of the viewport, so that scrolling shows no gap. */
export const OVERSCAN = 10;
/** Window edges snap to multiples of this, so that scrolling re-renders every few rows, not every pixel. */
const SNAP = 10;

/**
 * The rows to render for `count` rows of `rowPx` each when the table body's
 * top is `bodyTop` px below the viewport's top (negative once scrolled past)
 * and the viewport is `viewportPx` high.
 */
export function rowWindow(count: number, rowPx: number, bodyTop: number, viewportPx: number): RowWindow {
  if (count <= WINDOW_FROM) return { first: 0, end: count };
  const top = Math.max(0, -bodyTop);
  const bottom = Math.max(0, viewportPx - bodyTop);
  const first = Math.max(0, Math.floor(Math.floor(top / rowPx - OVERSCAN) / SNAP) * SNAP);
  const end = Math.min(count, Math.ceil(Math.ceil(bottom / rowPx + OVERSCAN) / SNAP) * SNAP);
  return { first: Math.min(first, end), end };
}
