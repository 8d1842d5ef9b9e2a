import { makeInstance } from '@novats/core';
import { describe, expect, it } from 'vitest';
import { ec2Response, renderElement, XmlFragment } from './ec2-xml.js';
import { instanceItem, instanceItemXml } from './instance-view.js';

const ADDRESSES = [
  { network: 'private', version: 4, addr: '10.0.0.5', type: 'fixed', mac_addr: 'fa:16:3e:00:00:01' },
  { network: 'private', version: 4, addr: '172.24.4.9', type: 'floating', mac_addr: 'fa:16:3e:00:00:01' },
] as const;

describe('instanceItemXml', () => {
  const cases = [
    makeInstance({
      uuid: 'a1',
      vm_state: 'active',
      task_state: null,
      created_at: '2026-11-30T10:00:00.000Z',
    }),
    makeInstance({
      uuid: 'a2',
      vm_state: 'stopped',
      task_state: 'powering-on',
      key_name: 'k<&>"1',
      hostname: 'host & "name"',
      availability_zone: 'az<1>',
      launch_index: 3,
      launched_at: '2026-11-30T10:05:07.123Z',
      created_at: '2026-11-30T10:00:00.000Z',
      addresses: ADDRESSES.map((a) => ({ ...a })),
      metadata: { role: 'db', 'a&b': '<x>' },
    }),
    makeInstance({ uuid: 'a3', vm_state: 'error', key_name: null, created_at: '2026-11-30T10:00:00.000Z' }),
  ];
  it.each(cases.map((c) => [c.uuid, c]))('renders %s exactly as the generic view does', (_u, i) => {
    for (const image of ['ami-0000000a', undefined]) {
      const slow = renderElement('item', instanceItem(i, 'i-0000002a', image, 'nova'));
      const fast = renderElement('item', instanceItemXml(i, 'i-0000002a', image, 'nova'));
      expect(fast).toBe(slow);
    }
  });
});

describe('ec2Response', () => {
  it('renders objects, item lists, nulls, dates, fragments and escapes text', () => {
    const xml = ec2Response('DescribeThings', 'req-1', {
      set: [{ a: 1, b: true, c: null, d: undefined, e: 'x<y & "z">' }, new XmlFragment('<raw>1</raw>')],
      when: new Date('2026-11-30T10:00:00.000Z'),
      empty: [],
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<DescribeThingsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
        '<requestId>req-1</requestId>' +
        '<set><item><a>1</a><b>true</b><c/><e>x&lt;y &amp; &quot;z&quot;&gt;</e></item><item><raw>1</raw></item></set>' +
        '<when>2026-11-30T10:00:00.000Z</when><empty></empty></DescribeThingsResponse>',
    );
  });
});
