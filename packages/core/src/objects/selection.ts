/**
 * One scheduling decision (Nova's Selection): a host, its node, and the
 * placement allocation request that was (or, for alternates, can be) claimed.
 */
export interface Selection {
  readonly service_host: string;
  readonly nodename: string;
  readonly compute_node_uuid: string;
  readonly cell_uuid: string;
  /** JSON of the placement allocation request for this host. */
  readonly allocation_request: string | null;
  readonly allocation_request_version: string | null;
}
