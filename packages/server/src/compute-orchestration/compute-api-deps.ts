/** What the compute API layer needs, injected by the composition root. */
import type {
  ApiDatabase,
  Clock,
  ImageService,
  PlacementClient,
  PolicyEnforcer,
  QuotaSettings,
  VolumeService,
} from '@novats/core';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { ConsoleSettings } from '../consoleauth/console-settings.js';
import type { FakeNetwork } from '../network/fake-network.js';
import type { InstanceUpdateNotifier } from '../notifications/instance-update-notifier.js';
import type { ComputeConsoleRpcApi } from '../rpc/compute-console-rpcapi.js';
import type { ComputeRpcApi } from '../rpc/compute-rpcapi.js';
import type { ConductorRpcApi } from '../rpc/conductor-rpcapi.js';

export interface ComputeApiDeps {
  readonly api: ApiDatabase;
  readonly cells: CellRegistry;
  readonly images: ImageService;
  readonly conductor: ConductorRpcApi;
  readonly compute: ComputeRpcApi;
  readonly placement: PlacementClient;
  readonly clock: Clock;
  /** `[DEFAULT] service_down_time` in seconds. */
  readonly serviceDownTime: number;
  /** `[api] max_limit`. */
  readonly maxLimit: number;
  /** `[DEFAULT] default_availability_zone` (nova). */
  readonly defaultAvailabilityZone?: string;
  /** Remote consoles: the hosts' console calls and the token/URL settings; absent, consoles answer 501. */
  readonly consoles?: { readonly rpc: ComputeConsoleRpcApi; readonly settings: ConsoleSettings };
  /** Nova's policy (`[oslo_policy]`); Nova's defaults when absent. */
  readonly policy?: PolicyEnforcer;
  /** The block storage service; the deployment's fake volume service when absent. */
  readonly volumes?: VolumeService;
  /** The network; the deployment's fake network when absent. */
  readonly network?: FakeNetwork;
  /** Options of the server actions; Nova's defaults when absent. */
  readonly serverActions?: ServerActionOptions;
  /** `[quota]`: default limits, driver and recheck_quota; Nova's defaults when absent. */
  readonly quota?: QuotaSettings;
  /** `[DEFAULT] instance_usage_audit_period` (os-instance_usage_audit_log's period); `month` when absent. */
  readonly instanceUsageAuditPeriod?: string;
  /** instance.update of the API's saves (`notify_on_state_change`); none when absent. */
  readonly instanceUpdates?: InstanceUpdateNotifier;
}

export interface ServerActionOptions {
  /** `[DEFAULT] reclaim_instance_interval`: > 0 makes DELETE a soft delete (restore, forceDelete). */
  readonly reclaimInstanceInterval: number;
  /** `[DEFAULT] shelved_offload_time`: 0 offloads a shelved server at once. */
  readonly shelvedOffloadTime: number;
  /** `[DEFAULT] allow_resize_to_same_host`. */
  readonly allowResizeToSameHost: boolean;
}

export const DEFAULT_SERVER_ACTION_OPTIONS: ServerActionOptions = {
  reclaimInstanceInterval: 0,
  shelvedOffloadTime: 0,
  allowResizeToSameHost: false,
};
