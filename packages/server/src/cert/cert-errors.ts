/** nova-cert's refusals, typed so that they cross the bus with their code. */
import { NovaError } from '@novats/core';

/** decrypt_text got something that is not base64 of one RSA block of the project's key (Nova's DecryptionFailure). */
export class DecryptionFailure extends NovaError {
  readonly code = 'cert.decryption_failure';
  readonly status = 400 as const;
  constructor(reason: string) {
    super(`Failed to decrypt text: ${reason}`);
  }
}

/** A project or user id that cannot name a CA directory or a subject. */
export class InvalidCertificateOwner extends NovaError {
  readonly code = 'cert.invalid_owner';
  readonly status = 400 as const;
}
