/**
 * Keeps a service's row in the services table fresh (Nova's servicegroup
 * database driver): register once, then a heartbeat every report_interval.
 * Registration is retried in the background, so that a scheduler started
 * before any conductor still shows up once one answers; a missed beat is
 * logged, and service_down_time decides when others see the service down.
 */
import type { Logger, Service } from '@novats/core';

/** Nova Zed's service version (`nova/objects/service.py`), one for every service binary. */
export const SERVICE_VERSION = 61;

/** Where the row lives: the cell database itself, or the conductor for services without one. */
export interface ServiceRecords {
  register(host: string, binary: string, topic: string | null, version: number): Promise<Service>;
  heartbeat(id: number): Promise<void>;
}

export interface ServiceIdentity {
  readonly host: string;
  readonly binary: string;
  readonly topic: string | null;
  readonly version: number;
}

export interface ServiceReporter {
  /** Resolves once the service has been registered (never rejects). */
  readonly registered: Promise<Service>;
  stop(): void;
}

export function reportService(
  records: ServiceRecords,
  who: ServiceIdentity,
  reportIntervalS: number,
  log: Logger,
): ServiceReporter {
  let service: Service | undefined;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveRegistered: (s: Service) => void = () => {};
  const registered = new Promise<Service>((resolve) => {
    resolveRegistered = resolve;
  });
  const tick = async () => {
    try {
      if (!service) {
        service = await records.register(who.host, who.binary, who.topic, who.version);
        await records.heartbeat(service.id);
        resolveRegistered(service);
      } else {
        await records.heartbeat(service.id);
      }
    } catch (err) {
      log.warning(`${who.binary} on ${who.host} could not report its state; retrying`, {
        error: (err as Error).message,
      });
    }
    if (!stopped) {
      timer = setTimeout(tick, reportIntervalS * 1000);
      timer.unref();
    }
  };
  void tick();
  return {
    registered,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
