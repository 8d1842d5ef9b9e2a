/**
 * How every service is started from a deployment scope: it names the ports
 * it needs, the scope opens them, and the container builds the service with
 * them injected (`@inject` with core's tokens, since the build emits no
 * decorator metadata).
 */
import 'reflect-metadata';
import type { DeploymentScope } from '../container/deployment-scope.js';

export interface RunningService {
  readonly name: string;
  /** Stops taking work, lets in-flight work finish, releases what it holds. */
  stop(): Promise<void>;
}

export interface ServiceClass<R extends RunningService> {
  /** The tokens the service is built from, opened before it is resolved. */
  readonly needs: readonly symbol[];
  new (...args: never[]): { start(): Promise<R> };
}

export async function startService<R extends RunningService>(
  scope: DeploymentScope,
  service: ServiceClass<R>,
): Promise<R> {
  await scope.provide(...service.needs);
  return scope.container.resolve(service as unknown as new () => { start(): Promise<R> }).start();
}

/**
 * Stops a service, waiting at most `graceSeconds` for its in-flight work
 * (oslo.service's graceful_shutdown_timeout; 0 waits forever). Resolves
 * false when the time ran out and work was left behind.
 */
export function stopWithin(service: RunningService, graceSeconds: number): Promise<boolean> {
  return settledWithin(() => service.stop(), graceSeconds);
}

/** Runs `work`, waiting at most `graceSeconds` for it (0 waits forever); false when the time ran out. */
export async function settledWithin(work: () => Promise<unknown>, graceSeconds: number): Promise<boolean> {
  if (graceSeconds <= 0) {
    await work();
    return true;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), graceSeconds * 1000);
  });
  const settled = work().then(() => true);
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
