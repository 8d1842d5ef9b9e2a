/**
 * Replies in EC2's XML: `<{Action}Response xmlns=".../doc/{Version}/">` with
 * a requestId, objects as elements, arrays as `<item>` lists, booleans and
 * numbers as text (Nova's ec2 `_render_dict`); errors as `<Response><Errors>`.
 */

export const EC2_XMLNS_VERSION = '2016-11-15';

export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Date
  | XmlFragment
  | XmlValue[]
  | { [key: string]: XmlValue };

/**
 * The content of an element, already rendered (escaped): a hot view such
 * as DescribeInstances' items writes its XML in one template instead of
 * building objects for `render` to walk.
 */
export class XmlFragment {
  constructor(readonly xml: string) {}
}

const SPECIAL = /[&<>"]/;

export function xmlEscape(text: string): string {
  // NOTE(perf): most values (ids, states, names) need no escaping; skip the four replaces then.
  if (!SPECIAL.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One element: `<name>value</name>`, `<name/>` for null, nothing for undefined, arrays as `<item>`s. */
export function renderElement(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (value === null) return `<${name}/>`;
  if (typeof value !== 'object') return `<${name}>${xmlEscape(String(value))}</${name}>`;
  if (value instanceof XmlFragment) return `<${name}>${value.xml}</${name}>`;
  if (value instanceof Date) return `<${name}>${value.toISOString()}</${name}>`;
  // NOTE(perf): the pieces are joined once; `+=` over thousands of elements leaves a deep rope to flatten.
  const parts: string[] = [`<${name}>`];
  if (Array.isArray(value)) for (const item of value) parts.push(renderElement('item', item));
  else for (const key of Object.keys(value)) parts.push(renderElement(key, value[key]));
  parts.push(`</${name}>`);
  return parts.join('');
}

export function ec2Response(action: string, requestId: string, body: Record<string, XmlValue>): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_XMLNS_VERSION}/">`,
    `<requestId>${xmlEscape(requestId)}</requestId>`,
  ];
  for (const key of Object.keys(body)) out.push(renderElement(key, body[key]));
  out.push(`</${action}Response>`);
  return out.join('');
}

export function ec2ErrorResponse(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${xmlEscape(requestId)}</RequestID></Response>`;
}
