import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consoleAccessUrl } from './console-access-url.js';
import { hashConsoleToken, newConsoleToken, tokenMatchesHash } from './console-token.js';

describe('console tokens', () => {
  it('are fresh uuid4s, stored as their sha256', () => {
    const a = newConsoleToken();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newConsoleToken()).not.toBe(a);
    expect(hashConsoleToken(a)).toBe(createHash('sha256').update(a).digest('hex'));
  });

  it('match their hash only', () => {
    const token = newConsoleToken();
    const hash = hashConsoleToken(token);
    expect(tokenMatchesHash(token, hash)).toBe(true);
    expect(tokenMatchesHash(`${token}x`, hash)).toBe(false);
    expect(tokenMatchesHash(token, hash.slice(0, 10))).toBe(false);
  });

  it.each([
    ['novnc', 'http://h:6080/vnc_auto.html', 'http://h:6080/vnc_auto.html?path=%3Ftoken%3Dt-1'],
    ['xvpvnc', 'http://h:6081/console', 'http://h:6081/console?token=t-1'],
    ['spice-html5', 'http://h:6082/spice_auto.html', 'http://h:6082/spice_auto.html?token=t-1'],
    ['serial', 'ws://h:6083/', 'ws://h:6083/?token=t-1'],
    ['novnc', 'http://h/vnc_auto.html?lang=en', 'http://h/vnc_auto.html?lang=en&path=%3Ftoken%3Dt-1'],
  ])('%s access URL from %s', (type, base, want) => {
    expect(consoleAccessUrl(type, base, 't-1')).toBe(want);
  });
});
