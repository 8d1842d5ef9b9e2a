import { describe, expect, it } from 'vitest';
import { originRefusal } from './origin-check.js';

const HTTP_BASE = 'http://console.example.com:6080/vnc_auto.html';
const HTTPS_BASE = 'https://console.example.com/vnc_auto.html';

describe('originRefusal (Nova websocketproxy Origin rules)', () => {
  it.each([
    {
      name: 'no Origin: not a browser',
      headers: { host: 'h:6080' },
      allowed: [],
      base: HTTP_BASE,
      want: null,
    },
    {
      name: 'same host, http base',
      headers: { origin: 'http://h:1', host: 'h:6080' },
      allowed: [],
      base: HTTP_BASE,
      want: null,
    },
    {
      name: 'IPv6 Host header',
      headers: { origin: 'http://[::1]:6080', host: '[::1]:6080' },
      allowed: [],
      base: HTTP_BASE,
      want: null,
    },
    {
      name: 'allowed origin',
      headers: { origin: 'http://portal.example.com', host: 'h' },
      allowed: ['portal.example.com'],
      base: HTTP_BASE,
      want: null,
    },
    {
      name: 'other host',
      headers: { origin: 'http://evil.example.com', host: 'h' },
      allowed: [],
      base: HTTP_BASE,
      want: 'Origin header does not match this host.',
    },
    {
      name: 'https page, http base',
      headers: { origin: 'https://h', host: 'h' },
      allowed: [],
      base: HTTP_BASE,
      want: 'Origin header protocol does not match this host.',
    },
    {
      name: 'https base',
      headers: { origin: 'https://h', host: 'h' },
      allowed: [],
      base: HTTPS_BASE,
      want: null,
    },
    {
      name: 'X-Forwarded-Proto wins',
      headers: { origin: 'http://h', host: 'h', 'x-forwarded-proto': 'https' },
      allowed: [],
      base: HTTPS_BASE,
      want: null,
    },
    {
      name: 'wss base accepts https',
      headers: { origin: 'https://h', host: 'h' },
      allowed: [],
      base: 'wss://h:6083/',
      want: null,
    },
    {
      name: 'opaque origin',
      headers: { origin: 'null', host: 'h' },
      allowed: [],
      base: HTTP_BASE,
      want: 'Origin header not valid.',
    },
    {
      name: 'no base URL to compare',
      headers: { origin: 'http://h', host: 'h' },
      allowed: [],
      base: null,
      want: 'No access_url_base in connect_info. Cannot validate protocol',
    },
  ])('$name', ({ headers, allowed, base, want }) => {
    expect(originRefusal(headers, allowed, base)).toBe(want);
  });
});
