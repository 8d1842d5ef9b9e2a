/**
 * CPU set specs as nova.conf and extra specs write them (Nova's
 * `hardware.parse_cpu_spec`): `0-3,^2,8` means 0, 1, 3 and 8. Exclusions
 * apply after every inclusion; a malformed spec is an InvalidInput.
 */
import { InvalidInput } from '../errors/common-errors.js';

/** The sorted CPU ids a spec names. */
export function parseCpuSpec(spec: string): number[] {
  const include = new Set<number>();
  const exclude = new Set<number>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (part === '') continue;
    const negated = part.startsWith('^');
    const body = negated ? part.slice(1) : part;
    const match = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(body);
    if (!match) throw new InvalidInput(`Invalid CPU range in spec '${spec}': '${part}'`);
    const start = Number(match[1]);
    const end = match[2] === undefined ? start : Number(match[2]);
    if (end < start) throw new InvalidInput(`Invalid CPU range in spec '${spec}': '${part}'`);
    for (let cpu = start; cpu <= end; cpu++) (negated ? exclude : include).add(cpu);
  }
  return [...include].filter((cpu) => !exclude.has(cpu)).sort((a, b) => a - b);
}
