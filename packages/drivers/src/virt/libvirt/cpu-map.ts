/**
 * The features of a named CPU model from libvirt's CPU map
 * (/usr/share/libvirt/cpu_map/x86_<model>.xml). Host capabilities list only
 * the features beyond the model, so the model's own come from here; a model
 * may build on another (`<model name="..."/>` inside it).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CPU_MAP_DIR = '/usr/share/libvirt/cpu_map';

export async function modelFeatures(model: string, dir = CPU_MAP_DIR, depth = 0): Promise<string[]> {
  if (depth > 8 || !/^[\w.-]+$/.test(model)) return [];
  const xml = await readFile(join(dir, `x86_${model}.xml`), 'utf8').catch(() => null);
  if (xml === null) return [];
  const body = /<model\s+name=['"][^'"]+['"]>([\s\S]*?)<\/model>/.exec(xml)?.[1] ?? '';
  const parent = /<model\s+name=['"]([^'"]+)['"]\s*\/>/.exec(body)?.[1];
  const own = [...body.matchAll(/<feature\s+name=['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return parent ? [...(await modelFeatures(parent, dir, depth + 1)), ...own] : own;
}
