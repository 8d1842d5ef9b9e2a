/**
 * A Nova service record (`services` table): one binary on one host.
 * Liveness is judged from `updated_at` against `[DEFAULT] service_down_time`.
 */
export interface Service {
  readonly id: number;
  readonly uuid: string;
  readonly host: string;
  readonly binary: string;
  readonly topic: string | null;
  readonly disabled: boolean;
  readonly disabled_reason: string | null;
  readonly forced_down: boolean;
  readonly report_count: number;
  readonly version: number;
  readonly created_at?: string;
  readonly updated_at: string | null;
}
