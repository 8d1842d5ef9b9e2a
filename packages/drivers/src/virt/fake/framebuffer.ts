/**
 * The picture a fake guest's console shows: its name in large letters on a
 * plain background, as 8-bit RGB pixels. Pure drawing; the RFB server
 * encodes it in whatever pixel format the viewer asks for.
 */
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './bitmap-font.js';

export interface Framebuffer {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, row by row, red green blue. */
  readonly rgb: Uint8Array;
}

export type Rgb = readonly [number, number, number];

/** The console's colours, exported so that tests look for exactly these pixels. */
export const CONSOLE_BACKGROUND: Rgb = [16, 32, 96];
export const CONSOLE_INK: Rgb = [255, 255, 255];

export const CONSOLE_WIDTH = 400;
export const CONSOLE_HEIGHT = 240;

/** Draws `text` centred, as large as fits (at most 4 screen pixels per font pixel). */
export function drawConsoleScreen(text: string, width = CONSOLE_WIDTH, height = CONSOLE_HEIGHT): Framebuffer {
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) rgb.set(CONSOLE_BACKGROUND, i * 3);
  const chars = [...text];
  const advance = GLYPH_WIDTH + 1;
  const scale = Math.max(1, Math.min(4, Math.floor((width - 16) / Math.max(1, chars.length * advance))));
  const left = Math.max(0, Math.floor((width - (chars.length * advance - 1) * scale) / 2));
  const top = Math.floor((height - GLYPH_HEIGHT * scale) / 2);
  chars.forEach((ch, n) => {
    glyph(ch).forEach((row, gy) => {
      row.forEach((ink, gx) => {
        if (!ink) return;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const x = left + (n * advance + gx) * scale + dx;
            const y = top + gy * scale + dy;
            if (x < width && y < height) rgb.set(CONSOLE_INK, (y * width + x) * 3);
          }
        }
      });
    });
  });
  return { width, height, rgb };
}
