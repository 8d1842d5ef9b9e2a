/**
 * The cloud's clock under a test's control: it follows real time from an
 * offset the test moves (`advance`, `set`), so that service heartbeats,
 * `service_down_time` and timestamps can be tested without sleeping.
 */
import type { Clock } from '@novats/core';

export class TestClock implements Clock {
  #offset = 0;

  now(): number {
    return Date.now() + this.#offset;
  }

  /** Moves the cloud's time forward by `ms` (negative: back). */
  advance(ms: number): void {
    this.#offset += ms;
  }

  /** Sets the cloud's current time (milliseconds since the epoch). */
  set(epochMs: number): void {
    this.#offset = epochMs - Date.now();
  }

  /** Back to real time. */
  reset(): void {
    this.#offset = 0;
  }
}
