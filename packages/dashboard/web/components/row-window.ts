/**
 * useRowWindow: the rows of a long table to render now (state/row-window.ts),
 * following the page's scrolling and resizing. The window is computed during
 * render from the last measurements (the body's top, a row's height); when
 * the list's length changes, the page scrolls or the window is resized they
 * are measured again in the next frame, and the table re-renders only when
 * the window moved. OVERSCAN absorbs what else shifts the table a little
 * (an open actions row, an error note above it).
 */
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import { type RowWindow, rowWindow } from '../state/row-window';

/** A row's height until one is measured (the CSS fixes it: `.instances tbody tr`). */
const DEFAULT_ROW_PX = 40;

export function useRowWindow(count: number) {
  const body = useRef<HTMLTableSectionElement>(null);
  const rowPx = useRef(DEFAULT_ROW_PX);
  const bodyTop = useRef(0);
  const shown = useRef<RowWindow>({ first: 0, end: 0 });
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  shown.current = rowWindow(count, rowPx.current, bodyTop.current, innerHeight);
  useLayoutEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const el = body.current;
      if (!el) return;
      const row = el.querySelector('tr[aria-rowindex]') as HTMLElement | null;
      if (row?.offsetHeight) rowPx.current = row.offsetHeight;
      bodyTop.current = el.getBoundingClientRect().top;
      const next = rowWindow(count, rowPx.current, bodyTop.current, innerHeight);
      if (next.first !== shown.current.first || next.end !== shown.current.end) rerender(0);
    };
    const later = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    // NOTE(frame): measured in the next frame, when the browser lays out anyway; reading
    // the layout here would force one more before the first paint.
    later();
    addEventListener('scroll', later, { passive: true });
    addEventListener('resize', later, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      removeEventListener('scroll', later);
      removeEventListener('resize', later);
    };
  }, [count]);
  return { body, first: shown.current.first, end: shown.current.end, rowPx: rowPx.current };
}
