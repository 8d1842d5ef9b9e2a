/**
 * docs/compute-api.md is generated from the route and action tables; this
 * fails when a route, microversion range or policy rule changed without the
 * document (UPDATE_COMPUTE_API_DOC=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMPUTE_ROUTES } from '../../packages/server/src/api/compute/compute-routes.js';
import { renderComputeApiDoc } from '../../packages/server/src/api/compute/route-doc.js';
import { SERVER_ACTIONS } from '../../packages/server/src/api/compute/server-actions-routes.js';
import { computeRuleDefaults } from '../../packages/server/src/compute-orchestration/policies/compute-policies.js';

const DOC = join(dirname(fileURLToPath(import.meta.url)), '../../docs/compute-api.md');

describe('docs/compute-api.md', () => {
  const rendered = renderComputeApiDoc(COMPUTE_ROUTES, SERVER_ACTIONS);
  if (process.env.UPDATE_COMPUTE_API_DOC === '1') writeFileSync(DOC, rendered);

  it('matches the route table', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(rendered);
  });

  it('names a registered policy rule for every route and action', () => {
    const known = new Set(computeRuleDefaults().map((d) => d.name));
    const rules = [...COMPUTE_ROUTES, ...SERVER_ACTIONS].map((r) => r.policy).filter((p) => p !== null);
    expect(rules.filter((p) => !known.has(p as string))).toEqual([]);
  });

  it('lists every action key and every route path', () => {
    const doc = readFileSync(DOC, 'utf8');
    for (const a of SERVER_ACTIONS) expect(doc).toContain(`| \`${a.name}\` |`);
    for (const r of COMPUTE_ROUTES) expect(doc).toContain(r.path.replace(/:([a-z_]+)/g, '{$1}'));
  });
});
