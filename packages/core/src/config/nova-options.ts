/**
 * The nova.conf options Novats reads today, with Nova's names, groups and
 * defaults (`nova/conf/*.py`, Zed). Options not listed here are still kept and
 * readable as strings; adding one here gives it a type, a default and, when
 * it was renamed or is going away, the warning an operator expects.
 */
import {
  CONSOLE_OPTION_GROUPS,
  CONSOLE_PROXY_DEFAULT_OPTIONS,
  VNC_PROXY_OPTIONS,
} from './console-options.js';
import { NOTIFICATION_OPTION_GROUPS } from './notification-options.js';
import { Opt } from './option-types.js';
import { QUOTA_OPTION_GROUPS } from './quota-options.js';

const NOVA_DEFAULT_FILTERS = [
  'ComputeFilter',
  'ComputeCapabilitiesFilter',
  'ImagePropertiesFilter',
  'ServerGroupAntiAffinityFilter',
  'ServerGroupAffinityFilter',
];

/** Keystone session/auth options shared by `[placement]`, `[neutron]`, `[glance]` (keystoneauth1). */
const keystoneAuthOpts = () => ({
  auth_type: Opt.str(null, 'Authentication type to load (keystoneauth1 plugin name).'),
  auth_url: Opt.str(null, 'Authentication URL.'),
  project_name: Opt.str(null, 'Project name to scope to.'),
  project_domain_name: Opt.str(null, "Domain name of the project's domain."),
  user_domain_name: Opt.str(null, "Domain name of the user's domain."),
  username: Opt.str(null, 'Username.'),
  password: Opt.str(null, "User's password.", { secret: true }),
  region_name: Opt.str(null, 'The default region_name for endpoint URL discovery.'),
  valid_interfaces: Opt.list(['internal', 'public'], 'Endpoint interfaces, in order of preference.'),
  endpoint_override: Opt.str(null, 'Always use this endpoint URL for requests for this client.'),
  token: Opt.str(null, 'Token to authenticate with (auth_type admin_token or token).', { secret: true }),
  user_id: Opt.str(null, 'User ID.'),
  project_id: Opt.str(null, 'Project ID to scope to.'),
  user_domain_id: Opt.str(null, "User's domain id."),
  project_domain_id: Opt.str(null, 'Domain ID containing project.'),
});

export const NOVA_OPTIONS = {
  DEFAULT: {
    transport_url: Opt.str(null, 'The network address and optional user credentials for the message bus.', {
      secret: true,
    }),
    my_ip: Opt.str(
      '127.0.0.1',
      'The IP address which the host is using to connect to the management network.',
    ),
    host: Opt.str('localhost', 'Hostname, FQDN or IP address of this host; defaults to the OS hostname.'),
    instance_usage_audit: Opt.bool(
      false,
      'Send periodic instance.exists notifications of the instances of each compute host.',
    ),
    instance_usage_audit_period: Opt.str(
      'month',
      'Time period to generate instance usages for: hour, day, month or year, optionally with an offset (month@15).',
    ),
    state_path: Opt.str('/var/lib/nova', "Top-level directory for maintaining Nova's state."),
    instances_path: Opt.str('$state_path/instances', 'Where instances are stored on disk.'),
    compute_driver: Opt.str('fake.FakeDriver', 'Which driver nova-compute uses to control the hypervisor.'),
    shutdown_timeout: Opt.int(
      60,
      'Seconds to wait for a guest to shut down cleanly before powering it off.',
      {
        min: 0,
      },
    ),
    enabled_apis: Opt.list(['osapi_compute', 'metadata'], 'List of APIs to be enabled by default.'),
    osapi_compute_listen: Opt.str('0.0.0.0', 'IP address on which the OpenStack API will listen.'),
    osapi_compute_listen_port: Opt.port(8774, 'Port on which the OpenStack API will listen.'),
    metadata_listen: Opt.str('0.0.0.0', 'IP address on which the metadata API will listen.'),
    metadata_listen_port: Opt.port(8775, 'Port on which the metadata API will listen.'),
    force_config_drive: Opt.bool(false, 'Force injection to take place on a config drive.'),
    config_drive_format: Opt.str('iso9660', 'Config drive format.', { choices: ['iso9660', 'vfat'] }),
    config_drive_skip_versions: Opt.str(
      '1.0 2007-01-19 2007-03-01 2007-08-29 2007-10-10 2007-12-15 2008-02-01 2008-09-01',
      'When gathering the existing metadata for a config drive, the EC2-style metadata versions to skip (space-separated).',
    ),
    ec2_listen: Opt.str('0.0.0.0', 'IP address on which the EC2 API will listen.'),
    ec2_listen_port: Opt.port(8773, 'Port on which the EC2 API will listen.'),
    keystone_ec2_url: Opt.str(
      'http://localhost:5000/v3/ec2tokens',
      'URL of the identity service where EC2 request signatures are verified.',
    ),
    ec2_timestamp_expiry: Opt.int(300, 'Seconds an EC2 request timestamp or signature stays valid.', {
      min: 0,
    }),
    region_list: Opt.list(
      [],
      'Regions the EC2 API lists; empty means the one named by [DEFAULT] host region nova.',
    ),
    service_down_time: Opt.int(60, 'Maximum time in seconds since the last check-in for up service.'),
    graceful_shutdown_timeout: Opt.int(
      60,
      'Seconds a stopping service waits for its in-flight work before it exits anyway; 0 waits forever.',
      { min: 0 },
    ),
    report_interval: Opt.int(
      10,
      'Number of seconds indicating how frequently the state of services is reported.',
    ),
    rpc_response_timeout: Opt.int(60, 'Seconds to wait for a response from a call (oslo.messaging).'),
    control_exchange: Opt.str('nova', 'The default exchange under which topics are scoped (oslo.messaging).'),
    update_resources_interval: Opt.int(
      0,
      'Interval in seconds for updating compute resources; 0 runs at the default periodic interval (60 s).',
    ),
    allow_resize_to_same_host: Opt.bool(false, 'Allow destination machine to match source for resize.'),
    reclaim_instance_interval: Opt.int(
      0,
      'Interval in seconds for reclaiming deleted instances; a positive value makes deletes soft (restorable).',
    ),
    shelved_offload_time: Opt.int(
      0,
      'Seconds a shelved instance stays on its host before it is offloaded; 0 offloads at once, -1 never.',
    ),
    default_availability_zone: Opt.str('nova', 'Default availability zone for compute services.'),
    ...CONSOLE_PROXY_DEFAULT_OPTIONS,
    cpu_allocation_ratio: Opt.float(null, 'Virtual CPU to physical CPU allocation ratio.', { min: 0 }),
    ram_allocation_ratio: Opt.float(null, 'Virtual RAM to physical RAM allocation ratio.', { min: 0 }),
    disk_allocation_ratio: Opt.float(null, 'Virtual disk to physical disk allocation ratio.', { min: 0 }),
    initial_cpu_allocation_ratio: Opt.float(16.0, 'Initial virtual CPU to physical CPU allocation ratio.', {
      min: 0,
    }),
    initial_ram_allocation_ratio: Opt.float(1.5, 'Initial virtual RAM to physical RAM allocation ratio.', {
      min: 0,
    }),
    initial_disk_allocation_ratio: Opt.float(1.0, 'Initial virtual disk to physical disk allocation ratio.', {
      min: 0,
    }),
    reserved_host_memory_mb: Opt.int(512, 'Amount of memory in MB to reserve for the host.', { min: 0 }),
    reserved_host_disk_mb: Opt.int(0, 'Amount of disk resources in MB to reserve for the host.', { min: 0 }),
    reserved_host_cpus: Opt.int(0, 'Number of host CPUs to reserve for host processes.', { min: 0 }),
    debug: Opt.bool(false, 'Set logging level to DEBUG instead of the default INFO level (oslo.log).'),
    verbose: Opt.bool(true, 'Log at INFO level (oslo.log); INFO is now always on.', {
      deprecatedForRemoval: true,
    }),
    use_neutron: Opt.bool(true, 'Use Neutron for networking; nova-network is gone.', {
      deprecatedForRemoval: true,
      deprecatedReason: 'nova-network is deprecated, as are any related configuration options.',
    }),
    firewall_driver: Opt.str(
      'nova.virt.firewall.NoopFirewallDriver',
      'Firewall driver (nova-network only).',
      {
        deprecatedForRemoval: true,
        deprecatedReason: 'nova-network is deprecated, as are any related configuration options.',
      },
    ),
  },
  api: {
    use_forwarded_for: Opt.bool(false, 'Treat X-Forwarded-For as the canonical remote address.', {
      deprecatedNames: [{ group: 'DEFAULT', name: 'use_forwarded_for' }],
    }),
    metadata_cache_expiration: Opt.int(15, 'Seconds metadata of an instance is cached; 0 disables caching.', {
      min: 0,
      deprecatedNames: [{ group: 'DEFAULT', name: 'metadata_cache_expiration' }],
    }),
    dhcp_domain: Opt.str('novalocal', 'Domain name appended to the instance hostname in metadata.', {
      deprecatedNames: [{ group: 'DEFAULT', name: 'dhcp_domain' }],
    }),
    vendordata_providers: Opt.list(['StaticJSON'], 'Vendor data providers: StaticJSON, DynamicJSON.'),
    vendordata_jsonfile_path: Opt.str(
      null,
      'Path to the JSON file the StaticJSON vendor data provider serves.',
      {
        deprecatedNames: [{ group: 'DEFAULT', name: 'vendordata_jsonfile_path' }],
      },
    ),
    vendordata_dynamic_targets: Opt.list([], 'DynamicJSON targets, each name@url.'),
    vendordata_dynamic_connect_timeout: Opt.int(5, 'Seconds to connect to a DynamicJSON target.', { min: 3 }),
    vendordata_dynamic_read_timeout: Opt.int(5, 'Seconds to read from a DynamicJSON target.', { min: 0 }),
    vendordata_dynamic_failure_fatal: Opt.bool(false, 'Whether a DynamicJSON failure fails the request.'),
    local_metadata_per_cell: Opt.bool(false, "Look instances up only in this service's own cell database."),
    auth_strategy: Opt.str('keystone', 'Determine the strategy to use for authentication.', {
      choices: ['keystone', 'noauth2'],
    }),
    max_limit: Opt.int(1000, 'The maximum number of items returned in a single response from a collection.', {
      min: 0,
    }),
  },
  api_database: {
    connection: Opt.str(null, 'The SQLAlchemy connection string to the nova_api database.', { secret: true }),
  },
  database: {
    connection: Opt.str(null, 'The SQLAlchemy connection string to the cell database.', { secret: true }),
  },
  placement_database: {
    connection: Opt.str(null, 'The SQLAlchemy connection string to the placement database.', {
      secret: true,
    }),
  },
  glance: {
    api_servers: Opt.list(
      null,
      'List of Glance API server endpoints available to nova (deprecated upstream).',
    ),
    ...keystoneAuthOpts(),
  },
  placement: {
    ...keystoneAuthOpts(),
    region_name: Opt.str(null, 'The default region_name for endpoint URL discovery.', {
      deprecatedNames: [{ name: 'os_region_name' }],
    }),
  },
  neutron: {
    ...keystoneAuthOpts(),
    service_metadata_proxy: Opt.bool(false, 'Neutron proxies metadata requests and resolves instance ids.', {
      deprecatedNames: [{ group: 'DEFAULT', name: 'service_neutron_metadata_proxy' }],
    }),
    metadata_proxy_shared_secret: Opt.str(
      '',
      'Shared secret that signs the instance id of proxied requests.',
      {
        secret: true,
        deprecatedNames: [{ group: 'DEFAULT', name: 'neutron_metadata_proxy_shared_secret' }],
      },
    ),
    url: Opt.str(null, 'URL for connecting to neutron (deprecated upstream in favour of endpoint_override).'),
  },
  keystone_authtoken: {
    www_authenticate_uri: Opt.str(null, 'Complete "public" Identity API endpoint.', {
      deprecatedNames: [{ name: 'auth_uri' }],
    }),
    auth_url: Opt.str(null, 'Authentication URL.'),
    auth_type: Opt.str(null, 'Authentication type to load.'),
    memcached_servers: Opt.list(null, 'Optionally specify a list of memcached server(s) to use for caching.'),
    project_name: Opt.str(null, 'Project name to scope to.'),
    project_domain_name: Opt.str(null, "Domain name of the project's domain."),
    user_domain_name: Opt.str(null, "Domain name of the user's domain."),
    username: Opt.str(null, 'Username.'),
    password: Opt.str(null, "User's password.", { secret: true }),
    token_cache_time: Opt.int(300, 'Seconds a validated token is cached before it is checked again.'),
  },
  filter_scheduler: {
    enabled_filters: Opt.list(NOVA_DEFAULT_FILTERS, 'Filters that the scheduler will use.'),
    weight_classes: Opt.list(
      ['nova.scheduler.weights.all_weighers'],
      'Weighers that the scheduler will use.',
    ),
    ram_weight_multiplier: Opt.float(1.0, 'RAM weight multiplier ratio.'),
    cpu_weight_multiplier: Opt.float(1.0, 'CPU weight multiplier ratio.'),
    disk_weight_multiplier: Opt.float(1.0, 'Disk weight multiplier ratio.'),
    io_ops_weight_multiplier: Opt.float(-1.0, 'IO operations weight multiplier ratio.'),
    pci_weight_multiplier: Opt.float(1.0, 'PCI device affinity weight multiplier.', { min: 0 }),
    soft_affinity_weight_multiplier: Opt.float(
      1.0,
      'Multiplier used for weighing hosts for group soft-affinity.',
      {
        min: 0,
      },
    ),
    soft_anti_affinity_weight_multiplier: Opt.float(
      1.0,
      'Multiplier used for weighing hosts for group soft-anti-affinity.',
      { min: 0 },
    ),
    build_failure_weight_multiplier: Opt.float(
      1000000.0,
      'Multiplier used for weighing hosts that have had recent build failures.',
    ),
    cross_cell_move_weight_multiplier: Opt.float(
      1000000.0,
      'Multiplier used for weighing hosts during a cross-cell move.',
    ),
    host_subset_size: Opt.int(1, 'Size of subset of best hosts selected by scheduler.', { min: 1 }),
    shuffle_best_same_weighed_hosts: Opt.bool(false, 'Spread instances between hosts of the same weight.'),
    max_io_ops_per_host: Opt.int(8, 'The number of instances that can be actively performing IO on a host.', {
      min: 0,
    }),
    max_instances_per_host: Opt.int(50, 'Maximum number of instances that can exist on a host.', { min: 1 }),
    isolated_images: Opt.list([], 'List of UUIDs for images that can only be run on certain hosts.'),
    isolated_hosts: Opt.list([], 'List of hosts that can only run certain images.'),
    restrict_isolated_hosts_to_isolated_images: Opt.bool(
      true,
      'Prevent non-isolated images from being built on isolated hosts.',
    ),
    aggregate_image_properties_isolation_namespace: Opt.str(
      null,
      'Image property namespace for use in the host aggregate.',
    ),
    aggregate_image_properties_isolation_separator: Opt.str(
      '.',
      'Separator character(s) for image property namespace and name.',
    ),
    image_properties_default_architecture: Opt.str(
      null,
      'The default architecture to be used when using the image properties filter.',
    ),
  },
  scheduler: {
    max_attempts: Opt.int(3, 'The maximum number of schedule attempts.', { min: 1 }),
    max_placement_results: Opt.int(1000, 'Maximum number of allocation candidates from placement.', {
      min: 1,
    }),
    limit_tenants_to_placement_aggregate: Opt.bool(
      false,
      'Restrict tenants to specific placement aggregates.',
    ),
    placement_aggregate_required_for_tenants: Opt.bool(
      false,
      'Require a placement aggregate association for all tenants.',
    ),
    query_placement_for_availability_zone: Opt.bool(true, 'Use placement to determine availability zones.'),
    query_placement_for_image_type_support: Opt.bool(
      false,
      'Use placement to determine host support for the instance image type.',
    ),
    enable_isolated_aggregate_filtering: Opt.bool(
      false,
      'Restrict use of aggregates to instances with matching metadata.',
    ),
  },
  metrics: {
    weight_multiplier: Opt.float(1.0, 'Multiplier used for weighing hosts based on reported metrics.'),
    weight_setting: Opt.list([], 'Mapping of metric to weight modifier, "name1=1.0, name2=-1.0".'),
    required: Opt.bool(true, 'Whether metrics are required.'),
    weight_of_unavailable: Opt.float(-10000.0, 'Default weight for unavailable metrics.'),
  },
  pci: {
    alias: Opt.multistr(
      [],
      'JSON PCI alias, e.g. {"name": "gpu", "vendor_id": "10de", "product_id": "1db4", "numa_policy": "required"}.',
      { deprecatedNames: [{ group: 'DEFAULT', name: 'pci_alias' }] },
    ),
  },
  vnc: {
    enabled: Opt.bool(true, 'Enable VNC related features.', {
      deprecatedNames: [{ group: 'DEFAULT', name: 'vnc_enabled' }],
    }),
    server_listen: Opt.str('127.0.0.1', 'The IP address on which instances listen for VNC connections.', {
      deprecatedNames: [{ name: 'vncserver_listen' }, { group: 'DEFAULT', name: 'vncserver_listen' }],
    }),
    server_proxyclient_address: Opt.str('127.0.0.1', 'Private address to which the VNC proxy connects.', {
      deprecatedNames: [
        { name: 'vncserver_proxyclient_address' },
        { group: 'DEFAULT', name: 'vncserver_proxyclient_address' },
      ],
    }),
    novncproxy_base_url: Opt.str('http://127.0.0.1:6080/vnc_auto.html', 'Public address of the noVNC proxy.'),
    novncproxy_port: Opt.port(6080, 'Port that the noVNC console proxy should bind to.'),
    ...VNC_PROXY_OPTIONS,
  },
  ...CONSOLE_OPTION_GROUPS,
  ...QUOTA_OPTION_GROUPS,
  ...NOTIFICATION_OPTION_GROUPS,
  libvirt: {
    virt_type: Opt.str('kvm', 'Libvirt domain type.', {
      choices: ['kvm', 'lxc', 'qemu', 'parallels'],
    }),
    connection_uri: Opt.str('', 'Overrides the default libvirt URI of the chosen virtualization type.'),
    cpu_mode: Opt.str(null, 'The CPU mode each instance has.', {
      choices: ['host-model', 'host-passthrough', 'custom', 'none'],
    }),
    cpu_models: Opt.list([], 'An ordered list of CPU models the host supports (cpu_mode = custom).', {
      deprecatedNames: [{ name: 'cpu_model' }],
    }),
  },
  /** `compute_driver = vmwareapi.VMwareVCDriver` (`nova/conf/vmware.py`). */
  vmware: {
    host_ip: Opt.str(null, 'Hostname or IP address for connection to VMware vCenter host.'),
    host_port: Opt.port(443, 'Port for connection to VMware vCenter host.'),
    host_username: Opt.str(null, 'Username for connection to VMware vCenter host.'),
    host_password: Opt.str(null, 'Password for connection to VMware vCenter host.', { secret: true }),
    cluster_name: Opt.str(null, 'Name of a VMware Cluster ComputeResource.'),
    insecure: Opt.bool(false, 'If true, the vCenter server certificate is not verified.'),
    datastore_regex: Opt.str(null, 'Regular expression pattern to match the name of datastore.'),
    api_retry_count: Opt.int(
      10,
      'Number of times VMware vCenter server API must be retried on connection failures.',
      {
        min: 0,
      },
    ),
  },
  /** `compute_driver = xenapi.XenAPIDriver` (`nova/conf/xenserver.py`). */
  xenserver: {
    connection_url: Opt.str(null, 'URL for connection to XenServer/Xen Cloud Platform.'),
    connection_username: Opt.str('root', 'Username for connection to XenServer/Xen Cloud Platform.'),
    connection_password: Opt.str(null, 'Password for connection to XenServer/Xen Cloud Platform.', {
      secret: true,
    }),
    sr_matching_filter: Opt.str(
      'default-sr:true',
      'Filter for finding the SR to be used to install guest instances on.',
    ),
  },
  /** Novats only: the fake virt driver's host size and timing, for test and demo deployments. */
  fake_driver: {
    vcpus: Opt.int(null, 'vCPUs of each fake host (the driver class default when unset).', { min: 1 }),
    memory_mb: Opt.int(null, 'Memory of each fake host in MiB.', { min: 1 }),
    local_gb: Opt.int(null, 'Disk of each fake host in GiB.', { min: 1 }),
    spawn_delay_ms: Opt.int(0, 'How long a fake spawn takes, in milliseconds.', { min: 0 }),
  },
  oslo_messaging_rabbit: {
    heartbeat_timeout_threshold: Opt.int(
      60,
      'Seconds after which the RabbitMQ connection is considered down if heartbeats are not answered; 0 disables.',
    ),
    rabbit_retry_interval: Opt.int(1, 'How frequently to retry connecting with RabbitMQ (seconds).'),
    rabbit_retry_backoff: Opt.int(2, 'How long to back off between retries when connecting to RabbitMQ.'),
    rabbit_interval_max: Opt.int(30, 'Maximum interval of RabbitMQ connection retries.'),
    amqp_durable_queues: Opt.bool(
      true,
      'Use durable queues in AMQP (Novats defaults to true so that accepted casts survive a broker restart).',
    ),
    rabbit_qos_prefetch_count: Opt.int(64, 'Number of messages to prefetch per consumer; 0 is unlimited.', {
      min: 0,
    }),
  },
  /** Novats' ZeroMQ driver (`transport_url = zmq://host:port`, through `novats zmq-proxy`). */
  oslo_messaging_zmq: {
    rpc_zmq_bind_address: Opt.str(
      null,
      'Address novats zmq-proxy binds: an IP, an interface or *; the host of transport_url when unset.',
    ),
    rpc_zmq_topic_backlog: Opt.int(10000, 'Messages the proxy keeps per topic nobody listens to yet.', {
      min: 1,
    }),
    heartbeat_interval: Opt.float(1.0, 'Seconds between heartbeats to the proxy; 3 missed mean it is gone.', {
      min: 0.01,
    }),
    rpc_zmq_host: Opt.str(
      null,
      'Name or IP other services reach this service at for direct calls; the proxy host when it is a loopback address, else the hostname.',
    ),
  },
  crypto: {
    ca_file: Opt.str('cacert.pem', 'Filename of the root CA.'),
    key_file: Opt.str('private/cakey.pem', 'Filename of the private key.'),
    crl_file: Opt.str('crl.pem', 'Filename of the root certificate revocation list.'),
    keys_path: Opt.str('$state_path/keys', 'Where Nova keeps the keys.'),
    ca_path: Opt.str('$state_path/CA', 'Where the certificate authority keeps its files.'),
    use_project_ca: Opt.bool(false, 'Use a CA for each project.'),
    user_cert_subject: Opt.str(
      '/C=US/ST=California/O=OpenStack/OU=NovaDev/CN=%.16s-%.16s-%s',
      'Subject for a user certificate: %s for project, user, timestamp.',
    ),
    project_cert_subject: Opt.str(
      '/C=US/ST=California/O=OpenStack/OU=NovaDev/CN=project-ca-%.16s-%s',
      'Subject for a project CA certificate: %s for project, timestamp.',
    ),
  },
  oslo_concurrency: {
    lock_path: Opt.str(null, 'Directory to use for lock files.'),
  },
  image_cache: {
    precache_concurrency: Opt.int(
      1,
      'Maximum number of compute hosts to trigger image precaching in parallel.',
      {
        min: 1,
      },
    ),
  },
} as const;

export type NovaOptions = typeof NOVA_OPTIONS;
export type NovaGroup = keyof NovaOptions;
