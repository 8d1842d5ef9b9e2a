/**
 * `[metrics] weight_setting` parsed once (Nova's `utils.parse_options`):
 * `name=ratio` entries; entries without `=`, with an empty name or a ratio
 * that is not a number are skipped, as Nova logs and skips them.
 */

export interface MetricWeight {
  readonly name: string;
  readonly ratio: number;
}

export function parseMetricsWeightSetting(setting: readonly string[]): MetricWeight[] {
  const out: MetricWeight[] = [];
  for (const entry of setting) {
    const eq = entry.indexOf('=');
    if (eq === -1) continue;
    const name = entry.slice(0, eq).trim();
    const ratioText = entry.slice(eq + 1).trim();
    const ratio = Number(ratioText);
    if (name === '' || ratioText === '' || !Number.isFinite(ratio)) continue;
    out.push({ name, ratio });
  }
  return out;
}
