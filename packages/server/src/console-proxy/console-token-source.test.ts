import { describe, expect, it } from 'vitest';
import { consoleTokenOf } from './console-token-source.js';

describe('consoleTokenOf', () => {
  it.each([
    { name: 'query token', url: '/?token=abc', cookie: undefined, want: 'abc' },
    {
      name: "noVNC's path",
      url: `/websockify?path=${encodeURIComponent('?token=xyz')}`,
      cookie: undefined,
      want: 'xyz',
    },
    { name: 'cookie', url: '/websockify', cookie: 'a=1; token=ck; b=2', want: 'ck' },
    { name: 'query before cookie', url: '/?token=q', cookie: 'token=c', want: 'q' },
    { name: 'none', url: '/websockify', cookie: 'tokenx=1', want: '' },
    { name: 'empty query token falls back to the cookie', url: '/?token=', cookie: 'token=c', want: 'c' },
  ])('$name', ({ url, cookie, want }) => {
    expect(consoleTokenOf(url, cookie)).toBe(want);
  });
});
