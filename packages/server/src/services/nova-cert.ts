/**
 * nova-cert: the certificate authorities of `[crypto] ca_path`, answering on
 * the `cert` topic (x509 key pairs and the EC2 API use it).
 */
import type { Clock, Logger, NovaConfig, Transport } from '@novats/core';
import { Tokens } from '@novats/core';
import { inject, injectable } from 'tsyringe';
import { certEndpoint } from '../cert/cert-manager.js';
import { type CertSettings, certSettingsFromConfig } from '../cert/cert-settings.js';
import { CertificateAuthority } from '../cert/certificate-authority.js';
import type { ServiceSettings } from '../container/service-settings.js';
import { ServerTokens } from '../container/service-tokens.js';
import { Topic } from '../rpc/topics.js';
import type { RunningService } from './running-service.js';

export interface RunningCert extends RunningService {
  readonly authority: CertificateAuthority;
}

/** Listens on `cert` (and `cert.<host>`) with the CAs of `settings`. */
export async function startCertService(
  deps: { transport: Transport; clock: Clock; logger: Logger; host: string },
  settings: CertSettings,
): Promise<RunningCert> {
  const authority = new CertificateAuthority(settings, deps.clock);
  const listener = await deps.transport.listen(
    { topic: Topic.CERT, server: deps.host },
    certEndpoint(authority),
  );
  deps.logger.info(`nova-cert ${deps.host} is consuming ${Topic.CERT}; CAs in ${settings.caPath}`);
  return { name: `nova-cert:${deps.host}`, authority, stop: () => listener.stop() };
}

@injectable()
export class NovaCertService {
  static readonly needs = [Tokens.Transport, Tokens.Clock];

  constructor(
    @inject(Tokens.Transport) private readonly transport: Transport,
    @inject(Tokens.Clock) private readonly clock: Clock,
    @inject(ServerTokens.Settings) private readonly settings: ServiceSettings,
    @inject(Tokens.Config) private readonly conf: NovaConfig,
    @inject(Tokens.Logger) private readonly logger: Logger,
  ) {}

  start(): Promise<RunningCert> {
    return startCertService(
      { transport: this.transport, clock: this.clock, logger: this.logger, host: this.settings.host },
      certSettingsFromConfig(this.conf),
    );
  }
}
