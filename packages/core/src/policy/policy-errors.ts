/**
 * The policy engine's errors. A denied rule is a 403 whose `action` names
 * the rule; each API words the message its own way (Nova: "Policy doesn't
 * allow ...", Placement: "Policy does not allow ..."). A rule that cannot be
 * parsed or was never registered is a deployment or programming error.
 */
import { NovaError } from '../errors/nova-error.js';

/** oslo.policy's PolicyNotAuthorized (and InvalidScope, which the APIs answer the same way). */
export class PolicyNotAuthorized extends NovaError {
  readonly code = 'policy.not_authorized';
  readonly status = 403 as const;
  constructor(
    /** The rule name that denied the request, e.g. `placement:resource_providers:list`. */
    readonly action: string,
    message = `Policy doesn't allow ${action} to be performed.`,
  ) {
    super(message);
  }
}

/** A check string that oslo.policy's grammar does not accept. */
export class PolicyParseError extends NovaError {
  readonly code = 'policy.invalid_rule';
  readonly status = 500 as const;
  constructor(
    readonly rule: string,
    readonly reason: string,
  ) {
    super(`Failed to understand rule ${JSON.stringify(rule)}: ${reason}`);
  }
}

/** `authorize` of a rule name no default registered (oslo.policy's PolicyNotRegistered). */
export class PolicyNotRegistered extends NovaError {
  readonly code = 'policy.not_registered';
  readonly status = 500 as const;
  constructor(readonly action: string) {
    super(`Policy ${action} has not been registered`);
  }
}
