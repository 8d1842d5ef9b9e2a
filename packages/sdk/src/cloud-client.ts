/** The four clients over one session. */
import { ComputeClient } from './compute-client.js';
import { IdentityClient } from './identity-client.js';
import { ImageClient } from './image-client.js';
import { PlacementClient } from './placement-client.js';
import {
  type PasswordAuth,
  PasswordSession,
  type ServiceType,
  type Session,
  TokenSession,
} from './session.js';

export interface OpenStackClient<V extends string = '2.1'> {
  readonly session: Session;
  readonly compute: ComputeClient<V>;
  readonly placement: PlacementClient;
  readonly identity: IdentityClient;
  readonly image: ImageClient;
}

export type ClientAuth =
  | { token: string; endpoints: Partial<Record<ServiceType, string>> }
  | { password: PasswordAuth };

export function createClient<V extends string = '2.1'>(
  auth: ClientAuth,
  opts: { computeMicroversion?: V } = {},
): OpenStackClient<V> {
  const session =
    'token' in auth ? new TokenSession(auth.token, auth.endpoints) : new PasswordSession(auth.password);
  return {
    session,
    compute: new ComputeClient(session, opts.computeMicroversion ?? ('2.1' as V)),
    placement: new PlacementClient(session),
    identity: new IdentityClient(session),
    image: new ImageClient(session),
  };
}
