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
