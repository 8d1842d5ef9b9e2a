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
  | XmlValue[]
  | { [key: string]: XmlValue };

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(name: string, value: XmlValue, out: string[]): void {
  if (value === undefined) return;
  if (value === null) {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    out.push(`<${name}>`);
    for (const item of value) render('item', item, out);
    out.push(`</${name}>`);
  } else if (value instanceof Date) {
    out.push(`<${name}>${value.toISOString()}</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value)) render(k, v, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${xmlEscape(String(value))}</${name}>`);
  }
}

export function ec2Response(action: string, requestId: string, body: Record<string, XmlValue>): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/${EC2_XMLNS_VERSION}/">`,
    `<requestId>${xmlEscape(requestId)}</requestId>`,
  ];
  for (const [k, v] of Object.entries(body)) render(k, v, out);
  out.push(`</${action}Response>`);
  return out.join('');
}

export function ec2ErrorResponse(code: string, message: string, requestId: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code><Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${xmlEscape(requestId)}</RequestID></Response>`;
}
