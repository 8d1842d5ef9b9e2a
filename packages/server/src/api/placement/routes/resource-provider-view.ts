/** The resource provider representation, with links and fields by microversion. */
import type { ResourceProvider } from '@novats/core';

export function providerView(rp: ResourceProvider, minor: number): Record<string, unknown> {
  const base = `/resource_providers/${rp.uuid}`;
  const links = [
    { rel: 'self', href: base },
    { rel: 'inventories', href: `${base}/inventories` },
    { rel: 'usages', href: `${base}/usages` },
  ];
  if (minor >= 1) links.push({ rel: 'aggregates', href: `${base}/aggregates` });
  if (minor >= 6) links.push({ rel: 'traits', href: `${base}/traits` });
  if (minor >= 11) links.push({ rel: 'allocations', href: `${base}/allocations` });
  const view: Record<string, unknown> = { uuid: rp.uuid, name: rp.name, generation: rp.generation, links };
  if (minor >= 14) {
    view.parent_provider_uuid = rp.parent_provider_uuid;
    view.root_provider_uuid = rp.root_provider_uuid;
  }
  return view;
}
