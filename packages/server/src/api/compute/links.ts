/**
 * Links as Nova builds them: `self` with the version prefix and `bookmark`
 * without it, both under the project id when the request URL carried one.
 */
export interface LinkBase {
  /** e.g. http://127.0.0.1:8774 */
  readonly origin: string;
  /** Project id segment when the request used /v2.1/{project_id}/... */
  readonly projectId: string | null;
}

export interface Link {
  readonly rel: string;
  readonly href: string;
  readonly type?: string;
}

export function resourceLinks(base: LinkBase, collection: string, id: string): Link[] {
  const proj = base.projectId ? `/${base.projectId}` : '';
  return [
    { rel: 'self', href: `${base.origin}/v2.1${proj}/${collection}/${id}` },
    { rel: 'bookmark', href: `${base.origin}${proj}/${collection}/${id}` },
  ];
}

/** `<collection>_links` next-page entry, added when the page is full. */
export function nextLink(
  base: LinkBase,
  path: string,
  query: Record<string, unknown>,
  marker: string,
  limit: number,
): Link {
  const proj = base.projectId ? `/${base.projectId}` : '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (k === 'marker' || v === undefined) continue;
    for (const item of [v].flat()) params.append(k, String(item));
  }
  params.set('limit', String(limit));
  params.set('marker', marker);
  return { rel: 'next', href: `${base.origin}/v2.1${proj}/${path}?${params.toString()}` };
}
