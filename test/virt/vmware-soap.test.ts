/**
 * The VMware driver's SOAP layer without a server: request envelopes built
 * from plain values (escaping, xsi:type, MoRefs, arrays, typed simple
 * values), and replies read the same whether the server writes `xsi:` (a
 * real vCenter) or another prefix (vcsim); CPUID registers to CPU traits.
 */
import { describe, expect, it } from 'vitest';
import { cpuTraitsFromCpuid, parseCpuidBits } from '../../packages/drivers/src/virt/vmware/cpuid-traits.js';
import {
  child,
  children,
  childText,
  envelope,
  moref,
  parseXml,
  toMoRef,
  xsiType,
} from '../../packages/drivers/src/virt/vmware/soap-xml.js';

describe('vim25 SOAP envelopes', () => {
  it('writes the call with _this first, fields in order, escaped, typed and repeated', () => {
    const xml = envelope('RetrievePropertiesEx', moref('PropertyCollector', 'propertyCollector'), {
      specSet: [
        {
          propSet: [{ type: 'VirtualMachine', pathSet: ['name', 'runtime.powerState'] }],
          objectSet: [{ obj: moref('VirtualMachine', 'vm-1'), skip: false }],
        },
      ],
      options: {},
      note: { $type: 'xsd:string', $text: 'a<b & "c"' },
      absent: undefined,
    });
    expect(xml).toContain(
      '<RetrievePropertiesEx xmlns="urn:vim25"><_this type="PropertyCollector">propertyCollector</_this>' +
        '<specSet><propSet><type>VirtualMachine</type><pathSet>name</pathSet><pathSet>runtime.powerState</pathSet></propSet>' +
        '<objectSet><obj type="VirtualMachine">vm-1</obj><skip>false</skip></objectSet></specSet><options></options>' +
        '<note xsi:type="xsd:string">a&lt;b &amp; &quot;c&quot;</note></RetrievePropertiesEx>',
    );
    expect(xml).not.toContain('absent');
    const spec = envelope('X', moref('Folder', 'f'), { device: { $type: 'VirtualDisk', key: -101 } });
    expect(spec).toContain('<device xsi:type="VirtualDisk"><key>-101</key></device>');
  });

  it.each([
    ['a real vCenter', 'xsi', 'http://www.w3.org/2001/XMLSchema-instance'],
    ['vcsim', 'XMLSchema-instance', 'http://www.w3.org/2001/XMLSchema-instance'],
  ])('reads replies from %s: MoRefs, xsi types and faults', (_name, prefix, ns) => {
    const reply = parseXml(
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:${prefix}="${ns}">` +
        '<soapenv:Body><RetrievePropertiesExResponse xmlns="urn:vim25"><returnval><objects>' +
        '<obj type="VirtualMachine">vm-7</obj>' +
        `<propSet><name>parent</name><val ${prefix}:type="ManagedObjectReference" type="Folder">group-v3</val></propSet>` +
        `<propSet><name>runtime.powerState</name><val ${prefix}:type="VirtualMachinePowerState">poweredOn</val></propSet>` +
        '</objects></returnval></RetrievePropertiesExResponse></soapenv:Body></soapenv:Envelope>',
    );
    const objects = children(
      child(child(child(child(reply, 'Envelope'), 'Body'), 'RetrievePropertiesExResponse'), 'returnval'),
      'objects',
    );
    expect(objects).toHaveLength(1);
    const [parent, power] = children(objects[0], 'propSet').map((p) => child(p, 'val'));
    expect(toMoRef(parent)).toEqual(moref('Folder', 'group-v3'));
    expect(xsiType(parent)).toBe('ManagedObjectReference');
    expect(xsiType(power)).toBe('VirtualMachinePowerState');
    const fault = parseXml(
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:${prefix}="${ns}"><soapenv:Body>` +
        '<soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Cannot complete login due to an incorrect user name or password.</faultstring>' +
        `<detail><InvalidLoginFault xmlns="urn:vim25" ${prefix}:type="InvalidLogin"></InvalidLoginFault></detail></soapenv:Fault>` +
        '</soapenv:Body></soapenv:Envelope>',
    );
    const f = child(child(child(fault, 'Envelope'), 'Body'), 'Fault');
    expect(childText(f, 'faultstring')).toMatch(/incorrect user name/);
    expect(xsiType(child(child(f, 'detail'), 'InvalidLoginFault'))).toBe('InvalidLogin');
  });
});

describe('CPUID to os-traits', () => {
  it('reads vSphere register notation and maps the flags that have traits', () => {
    expect(parseCpuidBits('0000:0000:0000:0000:0000:0000:0000:1101')).toBe(13);
    expect(parseCpuidBits('1000:0000:0000:0000:0000:0000:0000:0000')).toBe(2 ** 31);
    expect(parseCpuidBits('not bits')).toBe(0);
    const leaf1 = {
      level: 1,
      eax: 0,
      ebx: 0,
      ecx: (1 << 28) | (1 << 25) | (1 << 0),
      edx: (1 << 26) | (1 << 25),
    };
    const leaf7 = { level: 7, eax: 0, ebx: 1 << 5, ecx: 0, edx: 0 };
    expect(cpuTraitsFromCpuid([leaf1, leaf7])).toEqual([
      'HW_CPU_X86_AESNI',
      'HW_CPU_X86_AVX',
      'HW_CPU_X86_AVX2',
      'HW_CPU_X86_SSE',
      'HW_CPU_X86_SSE2',
      'HW_CPU_X86_SSE3',
    ]);
    expect(cpuTraitsFromCpuid([])).toEqual([]);
  });
});
