/**
 * XML-RPC as XenAPI speaks it (the spec at xmlrpc.com, with XenAPI's
 * conventions: 64-bit integers travel as strings, structs and arrays nest,
 * `nil` is not used). Encodes method calls and responses and decodes them,
 * for the driver and for the test simulator alike. Values map to JS as:
 * string/int/i4/double/boolean/dateTime.iso8601/base64 → string | number |
 * boolean | Date | Uint8Array, array → Array, struct → plain object.
 */
import { XMLParser } from 'fast-xml-parser';

/** A number sent as `<double>` even when it is whole (XenAPI's float parameters, e.g. event.from's timeout). */
export class XmlRpcDouble {
  constructor(readonly value: number) {}
}

export type XmlRpcValue =
  | XmlRpcDouble
  | string
  | number
  | boolean
  | Date
  | Uint8Array
  | readonly XmlRpcValue[]
  | { readonly [key: string]: XmlRpcValue };

/** A `<fault>` response: the XML-RPC level error (XenAPI's own errors come inside a Success/Failure struct). */
export class XmlRpcFault extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`XML-RPC fault ${faultCode}: ${faultString}`);
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => ESCAPES[c]);

export function encodeValue(value: XmlRpcValue): string {
  if (typeof value === 'string') return `<value>${escapeText(value)}</value>`;
  if (value instanceof XmlRpcDouble) return `<value><double>${value.value}</double></value>`;
  if (typeof value === 'boolean') return `<value><boolean>${value ? 1 : 0}</boolean></value>`;
  if (typeof value === 'number') {
    return Number.isInteger(value) && Math.abs(value) < 2 ** 31
      ? `<value><int>${value}</int></value>`
      : `<value><double>${value}</double></value>`;
  }
  if (value instanceof Date) {
    const iso = value
      .toISOString()
      .replace(/[-]/g, '')
      .replace(/\.\d{3}Z$/, 'Z');
    return `<value><dateTime.iso8601>${iso}</dateTime.iso8601></value>`;
  }
  if (value instanceof Uint8Array) {
    return `<value><base64>${Buffer.from(value).toString('base64')}</base64></value>`;
  }
  if (Array.isArray(value))
    return `<value><array><data>${value.map(encodeValue).join('')}</data></array></value>`;
  const members = Object.entries(value as Record<string, XmlRpcValue>)
    .map(([k, v]) => `<member><name>${escapeText(k)}</name>${encodeValue(v)}</member>`)
    .join('');
  return `<value><struct>${members}</struct></value>`;
}

export function encodeCall(method: string, params: readonly XmlRpcValue[]): string {
  const ps = params.map((p) => `<param>${encodeValue(p)}</param>`).join('');
  return `<?xml version="1.0"?><methodCall><methodName>${escapeText(method)}</methodName><params>${ps}</params></methodCall>`;
}

export function encodeResponse(value: XmlRpcValue): string {
  return `<?xml version="1.0"?><methodResponse><params><param>${encodeValue(value)}</param></params></methodResponse>`;
}

export function encodeFault(code: number, message: string): string {
  return `<?xml version="1.0"?><methodResponse><fault>${encodeValue({ faultCode: code, faultString: message })}</fault></methodResponse>`;
}

// NOTE(order): preserveOrder keeps each element's children as a list in document order, so
// a string's exact whitespace and an array's element order survive parsing.
const parser = new XMLParser({
  preserveOrder: true,
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  processEntities: false,
});

type Node = Record<string, Node[] | string>;

const tagOf = (n: Node) => Object.keys(n).find((k) => k !== ':@') ?? '';
const elements = (list: Node[]) => list.filter((n) => tagOf(n) !== '#text');
const textOf = (list: Node[]) => list.map((n) => (typeof n['#text'] === 'string' ? n['#text'] : '')).join('');
const kids = (n: Node) => (Array.isArray(n[tagOf(n)]) ? (n[tagOf(n)] as Node[]) : []);
function find(list: Node[], tag: string): Node {
  const n = elements(list).find((e) => tagOf(e) === tag);
  if (!n) throw new XmlRpcFault(-32700, `parse error: no <${tag}>`);
  return n;
}

const unescapeText = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (named[e]) return named[e];
    return String.fromCodePoint(
      e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
    );
  });

function decodeValue(valueNode: Node): XmlRpcValue {
  const inner = kids(valueNode);
  const typed = elements(inner);
  if (typed.length === 0) return unescapeText(textOf(inner));
  const t = typed[0];
  const tag = tagOf(t);
  const body = kids(t);
  switch (tag) {
    case 'string':
      return unescapeText(textOf(body));
    case 'int':
    case 'i4':
    case 'i8':
      return Number.parseInt(textOf(body), 10);
    case 'double':
      return Number.parseFloat(textOf(body));
    case 'boolean':
      return textOf(body).trim() === '1';
    case 'dateTime.iso8601': {
      const m = /^(\d{4})-?(\d{2})-?(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(textOf(body).trim());
      return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : new Date(Number.NaN);
    }
    case 'base64':
      return new Uint8Array(Buffer.from(textOf(body), 'base64'));
    case 'array':
      return elements(kids(find(body, 'data'))).map(decodeValue);
    case 'struct': {
      const out: Record<string, XmlRpcValue> = {};
      for (const member of elements(body)) {
        const parts = kids(member);
        out[unescapeText(textOf(kids(find(parts, 'name'))))] = decodeValue(find(parts, 'value'));
      }
      return out;
    }
    default:
      throw new XmlRpcFault(-32700, `parse error: unknown type <${tag}>`);
  }
}

function parse(xml: string): Node[] {
  try {
    return parser.parse(xml) as Node[];
  } catch (err) {
    throw new XmlRpcFault(-32700, `parse error: ${(err as Error).message}`);
  }
}

/** The value of a methodResponse; rejects with XmlRpcFault for a `<fault>`. */
export function decodeResponse(xml: string): XmlRpcValue {
  const response = kids(find(parse(xml), 'methodResponse'));
  const fault = elements(response).find((e) => tagOf(e) === 'fault');
  if (fault) {
    const f = decodeValue(find(kids(fault), 'value')) as { faultCode?: number; faultString?: string };
    throw new XmlRpcFault(Number(f.faultCode ?? 0), String(f.faultString ?? ''));
  }
  const param = find(kids(find(response, 'params')), 'param');
  return decodeValue(find(kids(param), 'value'));
}

/** A methodCall's name and parameters (the simulator's side). */
export function decodeCall(xml: string): { method: string; params: XmlRpcValue[] } {
  const call = kids(find(parse(xml), 'methodCall'));
  const method = textOf(kids(find(call, 'methodName'))).trim();
  const params = elements(call).find((e) => tagOf(e) === 'params');
  return {
    method,
    params: params ? elements(kids(params)).map((p) => decodeValue(find(kids(p), 'value'))) : [],
  };
}
