/**
 * The small typed SOAP layer of the vSphere Web Services API (vim25): a
 * request body is built from plain values (data objects with an optional
 * `$type` for xsi:type, managed object references, arrays as repeated
 * elements) and a response is parsed into a tree read with the helpers
 * below. Element order is kept as written, because vCenter checks it
 * against the WSDL's sequences.
 */
import { XMLParser } from 'fast-xml-parser';

/** A managed object reference (`<_this type="VirtualMachine">vm-42</_this>`). */
export interface MoRef {
  readonly $moref: true;
  readonly type: string;
  readonly value: string;
}

export type SoapValue =
  | string
  | number
  | boolean
  | MoRef
  | SoapObject
  | readonly SoapValue[]
  | null
  | undefined;

/** A vim25 data object; `$type` becomes xsi:type (needed where the WSDL declares a base type). */
export interface SoapObject {
  readonly $type?: string;
  readonly $text?: string;
  readonly [field: string]: SoapValue;
}

export function moref(type: string, value: string): MoRef {
  return { $moref: true, type, value };
}

export function isMoRef(value: unknown): value is MoRef {
  return typeof value === 'object' && value !== null && (value as MoRef).$moref === true;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** One value as element(s) named `name`. */
export function element(name: string, value: SoapValue): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (isMoRef(value)) return `<${name} type="${escapeXml(value.type)}">${escapeXml(value.value)}</${name}>`;
  if (typeof value === 'object') {
    const obj = value as SoapObject;
    const type = obj.$type ? ` xsi:type="${escapeXml(obj.$type)}"` : '';
    // A typed simple value (xsd:anyType fields such as OptionValue.value): `{ $type: 'xsd:string', $text }`.
    if (obj.$text !== undefined) return `<${name}${type}>${escapeXml(String(obj.$text))}</${name}>`;
    const body = Object.entries(obj)
      .filter(([k]) => k !== '$type')
      .map(([k, v]) => element(k, v))
      .join('');
    return `<${name}${type}>${body}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The SOAP envelope of one vim25 method call on `self`. */
export function envelope(method: string, self: MoRef, args: SoapObject = {}): string {
  const body =
    element('_this', self) +
    Object.entries(args)
      .map(([k, v]) => element(k, v))
      .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<soapenv:Body><${method} xmlns="urn:vim25">${body}</${method}></soapenv:Body></soapenv:Envelope>`
  );
}

/** A parsed XML element: attributes as `@name`, text as `#text`, children by tag name. */
export type XmlNode = { readonly [key: string]: XmlNode | XmlNode[] | string | undefined } | string;

// NOTE(prefixes): namespace prefixes are kept, because vim answers carry both `type` (a
// MoRef's) and `xsi:type` on one element; `child` matches tags by their local name.
// `xsd:` values of xsi:type (`xsd:string`) lose their prefix in `xsiType`.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
});

export function parseXml(text: string): XmlNode {
  return parser.parse(text) as XmlNode;
}

/** The children named `name` (any namespace prefix), always as an array. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (node === undefined || typeof node === 'string') return [];
  for (const [key, value] of Object.entries(node)) {
    if (key === name || key.endsWith(`:${name}`)) {
      if (value === undefined) return [];
      return (Array.isArray(value) ? value : [value]) as XmlNode[];
    }
  }
  return [];
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  return children(node, name)[0];
}

/** The text of a node (`''` for an empty element). */
export function text(node: XmlNode | undefined): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node;
  const t = node['#text'];
  return typeof t === 'string' ? t : '';
}

/** The text of a child, or undefined when the child is absent. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const c = child(node, name);
  return c === undefined ? undefined : text(c);
}

export function attr(node: XmlNode | undefined, name: string): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** A node that holds a managed object reference. */
export function toMoRef(node: XmlNode | undefined): MoRef | undefined {
  const type = attr(node, 'type');
  return type === undefined ? undefined : moref(type, text(node));
}

/**
 * The xsi:type of a node (the concrete data object or fault type), without
 * any prefix. Servers pick their own prefix for the XML Schema instance
 * namespace (vCenter `xsi:`, vcsim `XMLSchema-instance:`); a MoRef's own
 * `type` attribute has none, so any prefixed `type` is the xsi one.
 */
export function xsiType(node: XmlNode | undefined): string | undefined {
  if (node === undefined || typeof node === 'string') return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@') && key.endsWith(':type') && typeof value === 'string') {
      return value.slice(value.indexOf(':') + 1);
    }
  }
  return undefined;
}
