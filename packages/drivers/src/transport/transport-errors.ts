/**
 * Failures of the bus itself (not of a remote handler): a transport_url
 * naming a driver Novats does not ship yet, a closed transport, a method the
 * endpoint does not have (oslo.messaging's NoSuchMethod).
 */
import { NovaError } from '@novats/core';

/** The transport_url names a driver that exists in oslo.messaging but not in Novats. */
export class TransportNotAvailable extends NovaError {
  readonly code = 'transport.driver_not_available';
  readonly status = 501 as const;
  constructor(readonly scheme: string) {
    super(
      `The "${scheme}" transport is not available in Novats; set transport_url to rabbit://, zmq:// or inproc://.`,
    );
  }
}

/** The transport_url names a driver whose client library (an optional peer dependency) is not installed. */
export class TransportDriverMissing extends NovaError {
  readonly code = 'transport.driver_missing';
  readonly status = 500 as const;
  constructor(
    readonly scheme: string,
    readonly peer: string,
  ) {
    super(`The ${scheme}:// transport needs the npm package ${peer}; install it next to @novats/drivers.`);
  }
}

/** A transport_url that no driver understands (oslo's InvalidTransportURL). */
export class InvalidTransportURL extends NovaError {
  readonly code = 'transport.invalid_url';
  readonly status = 500 as const;
  constructor(url: string, reason: string) {
    super(`Invalid transport URL ${url}: ${reason}`);
  }
}

/** The transport was closed: pending calls reject with this, new messages too. */
export class TransportClosed extends NovaError {
  readonly code = 'transport.closed';
  readonly status = 503 as const;
  constructor() {
    super('The messaging transport is closed.');
  }
}

/** oslo.messaging's NoSuchMethod, sent back to the caller as a RemoteError. */
export class NoSuchMethod extends NovaError {
  readonly code = 'transport.no_such_method';
  readonly status = 500 as const;
  constructor(readonly method: string) {
    super(`Endpoint does not support RPC method ${method}`);
  }
}

/**
 * The broker named by transport_url could not be reached when the transport
 * opened (refused, timed out, bad credentials): the service stops at startup
 * with this rather than waiting forever.
 */
export class TransportUnreachable extends NovaError {
  readonly code = 'transport.unreachable';
  readonly status = 503 as const;
  constructor(
    readonly transportUrl: string,
    readonly tried: readonly string[],
    reason: string,
  ) {
    super(
      `Cannot reach the message broker of transport_url ${transportUrl} (tried ${tried.join(', ')}: ${reason}). ` +
        'Check that the broker is running and that [DEFAULT] transport_url names its host, port, credentials and virtual host.',
    );
  }
}

/** A cast the broker did not accept in time or refused (oslo's MessageDeliveryFailure). */
export class MessageDeliveryFailure extends NovaError {
  readonly code = 'transport.delivery_failure';
  readonly status = 503 as const;
}
