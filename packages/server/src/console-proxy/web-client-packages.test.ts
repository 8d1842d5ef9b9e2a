import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeWebClient, noVncPackage, spiceHtml5Package } from './web-client-packages.js';

describe('the console proxies’ npm web clients', () => {
  it('finds noVNC’s RFB client and names its version', () => {
    const pkg = noVncPackage();
    expect(existsSync(join(pkg.root, 'lib', 'rfb.js'))).toBe(true);
    expect(describeWebClient(pkg)).toMatch(/^@novnc\/novnc \d+\.\d+\.\d+ \(npm\)$/);
  });

  it('finds spice-html5’s own page', () => {
    const pkg = spiceHtml5Package();
    expect(existsSync(join(pkg.root, 'spice_auto.html'))).toBe(true);
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
