/** Loading hooks: a call's result with its error, refreshed on demand or on an interval. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { faultMessage } from '../api/cloud-api';

export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: string | null;
  /** The HTTP status of the last failure (404: the route or item is missing). */
  readonly errorStatus: number | null;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Calls `load` now, whenever `deps` change, on `reload()`, and every
 * `intervalMs` when given (the next poll waits for the previous answer).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[], intervalMs?: number): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [errorStatus, setErrorStatus] = useState<number | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await load();
        if (!live.current) return;
        setData(value);
        setError(null);
        setErrorStatus(null);
      } catch (err) {
        if (!live.current) return;
        setError(faultMessage(err));
        setErrorStatus((err as { status?: number })?.status ?? null);
      } finally {
        if (live.current) {
          setLoading(false);
          if (intervalMs) timer = setTimeout(run, intervalMs);
        }
      }
    };
    run();
    return () => {
      live.current = false;
      clearTimeout(timer);
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, errorStatus, loading, reload };
}

/**
 * Runs an action, keeping its error message (Nova's fault), whether it is
 * running, and the notice to show when it succeeded (`success`, or what the
 * action returns when `success` is a function of it).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = useCallback(
    async <T>(fn: () => Promise<T>, success?: string | ((result: T) => string)): Promise<boolean> => {
      setBusy(true);
      setError(null);
      setNotice(null);
      try {
        const result = await fn();
        if (success) setNotice(typeof success === 'string' ? success : success(result));
        return true;
      } catch (err) {
        setError(faultMessage(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, notice, setError, run };
}
