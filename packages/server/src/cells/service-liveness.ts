/**
 * Nova's database servicegroup driver: a service is up when its last
 * heartbeat (updated_at, else created_at) is within `service_down_time`
 * and nobody forced it down.
 */
import type { Clock, Service } from '@novats/core';

export function isServiceUp(service: Service | undefined, clock: Clock, serviceDownTime: number): boolean {
  if (!service || service.forced_down) return false;
  const last = service.updated_at ?? service.created_at;
  if (!last) return false;
  return Math.abs(clock.now() - Date.parse(last)) <= serviceDownTime * 1000;
}
