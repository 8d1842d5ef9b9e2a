/** RPC topics, as Nova names them (`nova/compute/rpcapi.py` and friends). */
export const Topic = {
  CONDUCTOR: 'conductor',
  SCHEDULER: 'scheduler',
  COMPUTE: 'compute',
  CONSOLEAUTH: 'consoleauth',
  CERT: 'cert',
} as const;
