/**
 * nova-consoleauth: answers `check_token` (and the older
 * `authorize_console`, `delete_tokens_for_instance`) on the `consoleauth`
 * topic for the console proxies, from the cell databases' console_auth_tokens,
 * asking compute hosts `validate_console_port` over their cell's transport.
 * It reports its liveness through the conductor, as Nova's did.
 */
import type { ApiDatabase, Clock, Logger, RpcListener, Transport } from '@novats/core';
import { adminContext, Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import type { CellRegistry } from '../cells/cell-registry.js';
import type { CellTransports } from '../cells/cell-transports.js';
import { routeByHostCell } from '../cells/host-transports.js';
import { ConsoleAuthManager } from '../consoleauth/consoleauth-manager.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { ComputeConsoleRpcApi } from '../rpc/compute-console-rpcapi.js';
import { Topic } from '../rpc/topics.js';
import { conductorServiceRecords } from './conductor-service-records.js';
import type { RunningService } from './running-service.js';
import { reportService, SERVICE_VERSION } from './service-reporter.js';

export interface RunningConsoleAuth extends RunningService {
  readonly manager: ConsoleAuthManager;
}

@injectable()
export class NovaConsoleAuthService {
  static readonly needs = [
    Tokens.Transport,
    Tokens.ApiDatabase,
    ServerTokens.CellRegistry,
    ServerTokens.CellTransports,
    Tokens.Clock,
  ];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.ApiDatabase) private readonly api: ApiDatabase,
    @inject(ServerTokens.CellRegistry) private readonly cells: CellRegistry,
    @inject(ServerTokens.CellTransports) private readonly cellTransports: CellTransports,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  async start(): Promise<RunningConsoleAuth> {
    const s = this.settings;
    const manager = new ConsoleAuthManager({
      api: this.api,
      cells: this.cells,
      compute: new ComputeConsoleRpcApi(
        routeByHostCell(this.api, this.cells, this.cellTransports, this.transport),
        s.rpcTimeoutMs,
      ),
      clock: this.clock,
      tokenTtl: s.consoles.tokenTtl,
      logger: this.logger,
    });
    const listener: RpcListener = await this.transport.listen(
      { topic: Topic.CONSOLEAUTH, server: s.host },
      manager.endpoint(),
    );
    const reporter = reportService(
      conductorServiceRecords(this.transport, adminContext(`req-consoleauth-report-${s.host}`), (msg) =>
        this.logger.warning(msg),
      ),
      { host: s.host, binary: 'nova-consoleauth', topic: Topic.CONSOLEAUTH, version: SERVICE_VERSION },
      s.reportInterval,
      this.logger,
    );
    // NOTE(purge): expired rows are harmless (lookups check the expiry) but would pile up; Nova purges them periodically.
    const purge = setInterval(
      () =>
        void manager
          .purgeExpired()
          .catch((err) => this.logger.warning(`console token purge failed: ${(err as Error).message}`)),
      Math.max(60, s.consoles.tokenTtl) * 1000,
    );
    purge.unref();
    this.logger.info(`nova-consoleauth ${s.host} is consuming ${Topic.CONSOLEAUTH}`);
    return {
      name: 'nova-consoleauth',
      manager,
      async stop() {
        clearInterval(purge);
        reporter.stop();
        await listener.stop();
      },
    };
  }
}
