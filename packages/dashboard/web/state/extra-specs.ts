/**
 * The flavor create form's extra specs: one `key=value` a line (blank lines
 * ignored), read into the body of POST /flavors/{id}/os-extra_specs.
 */

export type ParsedExtraSpecs =
  | { readonly ok: true; readonly specs: Record<string, string> }
  | { readonly ok: false; readonly error: string };

export function parseExtraSpecs(text: string): ParsedExtraSpecs {
  const specs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key) return { ok: false, error: `Line ${i + 1}: expected key=value.` };
    specs[key] = line.slice(eq + 1).trim();
  }
  return { ok: true, specs };
}
