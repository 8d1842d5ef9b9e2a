/**
 * The live instance list: every server once (paged by marker), then every
 * 2 s only those changed since the newest `updated` seen (`changes-since`),
 * so a quiet cloud costs one small request per poll.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { type CloudApi, faultMessage } from '../api/cloud-api';
import { mergeChanges, nextChangesSince, type Server, sortNewestFirst } from '../state/instance-list';

export const POLL_INTERVAL_MS = 2000;

export function useServerList(api: CloudApi, allTenants: boolean) {
  const [servers, setServers] = useState<Server[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kick = useRef<() => void>(() => {});
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let list: Server[] = [];
    let since: string | null = null;
    let loaded = false;
    const scope = allTenants ? { all_tenants: 1 } : {};
    const loadAll = async () => {
      const all: Server[] = [];
      let marker: string | undefined;
      for (;;) {
        const page = await api.compute<{ servers: Server[] }>('GET', '/servers/detail', undefined, {
          ...scope,
          limit: 1000,
          marker,
        });
        all.push(...page.servers);
        if (page.servers.length < 1000) break;
        marker = page.servers[page.servers.length - 1].id;
      }
      return all;
    };
    const poll = async () => {
      clearTimeout(timer);
      try {
        if (!loaded) {
          const all = await loadAll();
          list = sortNewestFirst(all);
          since = nextChangesSince(null, all);
          loaded = true;
        } else {
          const { servers: changes } = await api.compute<{ servers: Server[] }>(
            'GET',
            '/servers/detail',
            undefined,
            { ...scope, ...(since ? { 'changes-since': since } : {}) },
          );
          list = since ? mergeChanges(list, changes) : sortNewestFirst(changes);
          since = nextChangesSince(since, changes);
        }
        if (live) {
          setServers(list);
          setError(null);
        }
      } catch (err) {
        if (live) setError(faultMessage(err));
      }
      if (live) timer = setTimeout(poll, POLL_INTERVAL_MS);
    };
    kick.current = () => {
      clearTimeout(timer);
      timer = setTimeout(poll, 300);
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, allTenants]);
  const refresh = useCallback(() => kick.current(), []);
  return { servers, error, refresh };
}
