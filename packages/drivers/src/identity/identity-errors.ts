/**
 * Errors of the Keystone clients. A service that cannot authenticate itself
 * must say which nova.conf option to fix (keystoneauth's
 * MissingRequiredOptions, ConnectFailure, Unauthorized, EndpointNotFound);
 * a user's bad token is a plain 401 that each API renders in its own format.
 */
import { NovaError } from '@novats/core';

/** A keystoneauth plugin lacks options it needs; names each as `[group] option`. */
export class AuthMissingOption extends NovaError {
  readonly code = 'config.auth_missing_option';
  readonly status = 500 as const;
  constructor(
    readonly group: string,
    readonly plugin: string,
    readonly options: readonly string[],
  ) {
    super(
      `Auth plugin ${plugin} requires parameters which were not given: ${options.map((o) => `[${group}] ${o}`).join(', ')}`,
    );
  }
}

/** `auth_type` names a plugin Novats does not have. */
export class AuthPluginNotFound extends NovaError {
  readonly code = 'config.auth_plugin_not_found';
  readonly status = 500 as const;
  constructor(
    readonly group: string,
    readonly plugin: string,
  ) {
    super(
      `The plugin ${plugin} could not be found: check [${group}] auth_type (password, admin_token, token)`,
    );
  }
}

/** Keystone (or the URL an option points at) did not answer: connection refused, DNS, timeout. */
export class KeystoneUnreachable extends NovaError {
  readonly code = 'identity.keystone_unreachable';
  readonly status = 503 as const;
  constructor(
    readonly url: string,
    readonly option: string,
    reason: string,
  ) {
    super(`Unable to establish connection to ${url}: ${reason}; check ${option}`);
  }
}

/** Keystone refused the service's own credentials (wrong password, user or project). */
export class ServiceAuthFailed extends NovaError {
  readonly code = 'identity.service_auth_failed';
  readonly status = 500 as const;
  constructor(
    readonly url: string,
    readonly group: string,
    httpStatus: number,
    detail: string,
  ) {
    super(
      `Keystone at ${url} refused the credentials of [${group}] (HTTP ${httpStatus}${detail ? `: ${detail}` : ''})`,
    );
  }
}

/** No catalog endpoint matches the service type, interfaces and region (keystoneauth EndpointNotFound). */
export class EndpointNotFound extends NovaError {
  readonly code = 'identity.endpoint_not_found';
  readonly status = 500 as const;
  constructor(
    readonly serviceType: string,
    interfaces: readonly string[],
    region: string | null,
    group: string,
  ) {
    super(
      `No ${serviceType} endpoint with interface ${interfaces.join(' or ')}${region ? ` in region ${region}` : ''} in the service catalog; check [${group}] valid_interfaces, region_name or endpoint_override`,
    );
  }
}

/**
 * A user's token is missing, unknown, expired or revoked (keystonemiddleware
 * InvalidToken). `wwwAuthenticate` is the challenge the API sends back.
 */
export class InvalidUserToken extends NovaError {
  readonly code = 'identity.invalid_user_token';
  readonly status = 401 as const;
  constructor(
    message: string,
    readonly wwwAuthenticate: string,
  ) {
    super(message);
  }
}
