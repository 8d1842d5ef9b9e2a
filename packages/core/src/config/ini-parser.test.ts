import { describe, expect, it } from 'vitest';
import { ConfigFileParseError } from './config-errors.js';
import { parseIni } from './ini-parser.js';

const values = (text: string, group: string, key: string) => parseIni(text).sections.get(group)?.get(key);

describe('parseIni', () => {
  it.each([
    { name: 'spaces around =', text: '[DEFAULT]\nmy_ip = 10.0.0.1', want: ['10.0.0.1'] },
    { name: 'no spaces', text: '[DEFAULT]\nmy_ip=10.0.0.1', want: ['10.0.0.1'] },
    { name: 'colon separator', text: '[DEFAULT]\nmy_ip: 10.0.0.1', want: ['10.0.0.1'] },
    { name: 'first of = and : wins', text: '[DEFAULT]\nmy_ip = http://x:1', want: ['http://x:1'] },
    { name: 'quotes stripped', text: '[DEFAULT]\nmy_ip = "10.0.0.1"', want: ['10.0.0.1'] },
    { name: 'trailing # kept', text: '[DEFAULT]\nmy_ip = a # b', want: ['a # b'] },
    { name: 'empty value', text: '[DEFAULT]\nmy_ip =', want: [''] },
    { name: 'repeated keys all kept', text: '[DEFAULT]\nmy_ip = a\nmy_ip = b', want: ['a', 'b'] },
    { name: 'continuation lines', text: '[DEFAULT]\nmy_ip = a\n  b\n\tc\n\nx = 1', want: ['a\nb\nc'] },
    { name: 'CRLF line ends', text: '[DEFAULT]\r\nmy_ip = a\r\n', want: ['a'] },
  ])('$name', ({ text, want }) => {
    expect(values(text, 'DEFAULT', 'my_ip')).toEqual(want);
  });

  it('skips # and ; comment lines and keeps sections apart', () => {
    const doc = parseIni('# top\n[DEFAULT]\n; c\nhost = h1\n[api]\n#x = 1\nauth_strategy = noauth2\n');
    expect([...doc.sections.keys()]).toEqual(['DEFAULT', 'api']);
    expect([...doc.sections.get('DEFAULT')!.keys()]).toEqual(['host']);
    expect(doc.sections.get('api')!.get('auth_strategy')).toEqual(['noauth2']);
  });

  it('lower-cases group names except DEFAULT and merges repeated sections', () => {
    const doc = parseIni('[API]\na = 1\n[DEFAULT]\nb = 2\n[api]\nc = 3');
    expect([...doc.sections.keys()]).toEqual(['api', 'DEFAULT']);
    expect([...doc.sections.get('api')!.keys()]).toEqual(['a', 'c']);
  });

  it.each([
    {
      name: 'assignment before any section',
      text: 'a = 1',
      reason: 'Section must be started before assignment',
    },
    { name: 'continuation without key', text: '[DEFAULT]\n  b', reason: 'Unexpected continuation line' },
    { name: 'unterminated section', text: '[DEFAULT', reason: 'Invalid section (must end with ])' },
    { name: 'empty section', text: '[]', reason: 'Empty section name' },
    { name: 'no separator', text: '[DEFAULT]\njunk', reason: 'No ":" or "=" found in assignment' },
    { name: 'empty key', text: '[DEFAULT]\n= 1', reason: 'Key cannot be empty' },
  ])('rejects $name with the line number', ({ text, reason }) => {
    let error: unknown;
    try {
      parseIni(text, '/etc/nova/nova.conf');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigFileParseError);
    expect((error as ConfigFileParseError).reason).toBe(reason);
    expect((error as ConfigFileParseError).lineno).toBe(text.split('\n').length);
    expect((error as Error).message).toContain('/etc/nova/nova.conf');
  });
});
