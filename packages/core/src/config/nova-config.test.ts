import { describe, expect, it } from 'vitest';
import { resolveSchedulerOptions } from '../scheduler/options.js';
import { ConfigFileValueError } from './config-errors.js';
import { allocationRatios, schedulerOptionsFromConfig } from './derived-options.js';
import { INSTALL_NOTES_NOVA_CONF } from './install-notes-nova-conf.fixture.js';
import { NovaConfig } from './nova-config.js';

function load(...texts: string[]): { conf: NovaConfig; warnings: string[] } {
  const warnings: string[] = [];
  const conf = NovaConfig.fromSources(texts, { hostname: 'controller', onWarning: (m) => warnings.push(m) });
  return { conf, warnings };
}

describe('NovaConfig with the install notes nova.conf', () => {
  const { conf, warnings } = load(INSTALL_NOTES_NOVA_CONF);

  it('reads the typed options the operator set', () => {
    expect(conf.get('DEFAULT', 'transport_url')).toBe('rabbit://gu***:gu***@controller');
    expect(conf.get('DEFAULT', 'my_ip')).toBe('10.10.10.12');
    expect(conf.get('DEFAULT', 'enabled_apis')).toEqual(['ec2', 'osapi_compute', 'metadata']);
    expect(conf.get('DEFAULT', 'state_path')).toBe('/var/lib/nova');
    expect(conf.get('api', 'auth_strategy')).toBe('keystone');
    expect(conf.get('api_database', 'connection')).toBe('mysql+pymysql://nova:***@controller/nova_api');
    expect(conf.get('database', 'connection')).toBe('mysql+pymysql://nova:***@controller/nova');
    expect(conf.get('glance', 'api_servers')).toEqual(['http://controller:9292']);
    expect(conf.get('keystone_authtoken', 'memcached_servers')).toEqual(['controller:11211']);
    expect(conf.get('keystone_authtoken', 'password')).toBe('***');
    expect(conf.get('oslo_concurrency', 'lock_path')).toBe('/var/lib/nova/tmp');
    expect(conf.get('vnc', 'enabled')).toBe(true);
  });

  it('keeps Nova defaults for what the file leaves out', () => {
    expect(conf.get('DEFAULT', 'host')).toBe('controller');
    expect(conf.get('DEFAULT', 'compute_driver')).toBe('fake.FakeDriver');
    expect(conf.get('DEFAULT', 'osapi_compute_listen_port')).toBe(8774);
    expect(conf.get('DEFAULT', 'metadata_listen_port')).toBe(8775);
    expect(conf.get('DEFAULT', 'service_down_time')).toBe(60);
    expect(conf.get('DEFAULT', 'reserved_host_memory_mb')).toBe(512);
    expect(conf.get('DEFAULT', 'cpu_allocation_ratio')).toBeNull();
    expect(conf.get('api', 'max_limit')).toBe(1000);
    expect(conf.get('placement_database', 'connection')).toBeNull();
    expect(conf.get('scheduler', 'max_attempts')).toBe(3);
  });

  it('interpolates $my_ip into the renamed vnc options', () => {
    expect(conf.get('vnc', 'server_listen')).toBe('10.10.10.12');
    expect(conf.get('vnc', 'server_proxyclient_address')).toBe('10.10.10.12');
    expect(conf.getString('vnc', 'vncserver_listen')).toBe('10.10.10.12');
  });

  it('honours deprecated names: [placement] os_region_name, [keystone_authtoken] auth_uri', () => {
    expect(conf.get('placement', 'region_name')).toBe('RegionOne');
    expect(conf.get('keystone_authtoken', 'www_authenticate_uri')).toBe('http://controller:5000');
  });

  it('warns as oslo.config does, once per option', () => {
    expect(warnings).toContain(
      'Option "verbose" from group "DEFAULT" is deprecated for removal.  Its value may be silently ignored in the future.',
    );
    expect(warnings).toContain(
      'Option "vncserver_listen" from group "vnc" is deprecated. Use option "server_listen" from group "vnc".',
    );
    expect(warnings).toContain(
      'Option "os_region_name" from group "placement" is deprecated. Use option "region_name" from group "placement".',
    );
    expect(
      warnings.some((w) =>
        w.startsWith('Option "use_neutron" from group "DEFAULT" is deprecated for removal ('),
      ),
    ).toBe(true);
    expect(new Set(warnings).size).toBe(warnings.length);
    expect(warnings.some((w) => w.includes('"my_ip"'))).toBe(false);
  });

  it('keeps unknown options as strings', () => {
    expect(conf.getString('DEFAULT', 'dhcpbridge')).toBe('/usr/bin/nova-dhcpbridge');
    expect(conf.getString('DEFAULT', 'libvirt_use_virtio_for_bridges')).toBe('True');
    expect(conf.getString('DEFAULT', 'nonexistent')).toBeUndefined();
    expect(conf.keys('api')).toEqual(['auth_strategy']);
    expect(conf.groups()).toContain('oslo_concurrency');
  });

  it('validates every known option without errors', () => {
    expect(conf.validate()).toEqual([]);
  });
});

describe('NovaConfig layering and interpolation', () => {
  it('lets a later file override an earlier one, like repeated --config-file', () => {
    const { conf } = load('[DEFAULT]\nmy_ip = 1.1.1.1\nhost = a\n', '[DEFAULT]\nmy_ip = 2.2.2.2\n');
    expect(conf.get('DEFAULT', 'my_ip')).toBe('2.2.2.2');
    expect(conf.get('DEFAULT', 'host')).toBe('a');
  });

  it('prefers the current name over a deprecated one in the same file, the newest file first', () => {
    expect(load('[vnc]\nserver_listen = new\nvncserver_listen = old').conf.get('vnc', 'server_listen')).toBe(
      'new',
    );
    expect(
      load('[vnc]\nserver_listen = new', '[vnc]\nvncserver_listen = old').conf.get('vnc', 'server_listen'),
    ).toBe('old');
    expect(load('[DEFAULT]\nvncserver_listen = 9.9.9.9').conf.get('vnc', 'server_listen')).toBe('9.9.9.9');
  });

  // biome-ignore lint/suspicious/noTemplateCurlyInString: oslo.config's own syntax is under test
  it('resolves ${group.option}, $$ and defaults referenced by other defaults', () => {
    const { conf } = load(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: oslo.config's own syntax is under test
      '[DEFAULT]\nstate_path = /srv/nova\nlog_dir = ${DEFAULT.state_path}/log\nprice = $$5\n[api]\nx = ${database.connection}\n[database]\nconnection = sqlite:///$state_path/nova.sqlite\n',
    );
    expect(conf.get('DEFAULT', 'instances_path')).toBe('/srv/nova/instances');
    expect(conf.getString('DEFAULT', 'log_dir')).toBe('/srv/nova/log');
    expect(conf.getString('DEFAULT', 'price')).toBe('$5');
    expect(conf.getString('api', 'x')).toBe('sqlite:////srv/nova/nova.sqlite');
  });

  it('looks up $name in the own group before DEFAULT', () => {
    const { conf } = load(
      '[DEFAULT]\nlock_path = /d\n[oslo_concurrency]\nlock_path = /o\nother = $lock_path\n',
    );
    expect(conf.getString('oslo_concurrency', 'other')).toBe('/o');
  });

  it('fails clearly on missing and recursive references', () => {
    const { conf } = load('[DEFAULT]\nmy_ip = $nope\nhost = $state_path\nstate_path = $host\n');
    expect(() => conf.get('DEFAULT', 'my_ip')).toThrow(ConfigFileValueError);
    expect(() => conf.get('DEFAULT', 'my_ip')).toThrow(/no such option nope/);
    expect(() => conf.get('DEFAULT', 'host')).toThrow(/recursive reference/);
    expect(conf.validate().map((e) => e.option)).toEqual(
      expect.arrayContaining(['my_ip', 'host', 'state_path']),
    );
  });

  it('converts types and rejects bad values and choices', () => {
    const { conf } = load(
      '[DEFAULT]\nallow_resize_to_same_host = On\nservice_down_time = 120\nreport_interval = ten\n[api]\nauth_strategy = noauth2\n[filter_scheduler]\nram_weight_multiplier = -1.5\n',
    );
    expect(conf.get('DEFAULT', 'allow_resize_to_same_host')).toBe(true);
    expect(conf.get('DEFAULT', 'service_down_time')).toBe(120);
    expect(conf.get('api', 'auth_strategy')).toBe('noauth2');
    expect(conf.get('filter_scheduler', 'ram_weight_multiplier')).toBe(-1.5);
    expect(() => conf.get('DEFAULT', 'report_interval')).toThrow(
      'Value for option report_interval from group DEFAULT is not valid',
    );
    expect(() => load('[api]\nauth_strategy = basic').conf.get('api', 'auth_strategy')).toThrow(
      /keystone, noauth2/,
    );
  });

  it('uses "localhost" for host when the caller gives no hostname', () => {
    expect(NovaConfig.fromSources([]).get('DEFAULT', 'host')).toBe('localhost');
  });
});

describe('derived options', () => {
  it.each([
    { text: '', want: { cpu: 16, ram: 1.5, disk: 1 } },
    { text: 'cpu_allocation_ratio = 4.0\nram_allocation_ratio = 0.0', want: { cpu: 4, ram: 1.5, disk: 1 } },
    { text: 'initial_disk_allocation_ratio = 2.0', want: { cpu: 16, ram: 1.5, disk: 2 } },
  ])('allocation ratios for "$text"', ({ text, want }) => {
    expect(allocationRatios(load(`[DEFAULT]\n${text}`).conf)).toEqual(want);
  });

  it('passes only the scheduler options the operator set', () => {
    const { conf } = load(
      '[filter_scheduler]\nhost_subset_size = 3\nenabled_filters = ComputeFilter\n[scheduler]\n',
    );
    expect(schedulerOptionsFromConfig(conf)).toEqual({
      filter_scheduler: { host_subset_size: 3, enabled_filters: ['ComputeFilter'] },
      scheduler: {},
      metrics: {},
      DEFAULT: {},
    });
  });

  it('passes every weight multiplier, filter option, metrics and prefilter option', () => {
    const { conf } = load(
      [
        '[DEFAULT]\ndefault_availability_zone = az0',
        '[filter_scheduler]\ncpu_weight_multiplier = -1.0\nbuild_failure_weight_multiplier = 0\nmax_io_ops_per_host = 4',
        'isolated_hosts = h1, h2\nrestrict_isolated_hosts_to_isolated_images = false',
        '[metrics]\nweight_setting = cpu.percent=-1.0\nrequired = false',
        '[scheduler]\nlimit_tenants_to_placement_aggregate = true',
      ].join('\n'),
    );
    const options = resolveSchedulerOptions(schedulerOptionsFromConfig(conf));
    expect(options.filter_scheduler).toMatchObject({
      cpu_weight_multiplier: -1,
      build_failure_weight_multiplier: 0,
      max_io_ops_per_host: 4,
      isolated_hosts: ['h1', 'h2'],
      restrict_isolated_hosts_to_isolated_images: false,
      ram_weight_multiplier: 1,
    });
    expect(options.metrics).toMatchObject({ weight_setting: ['cpu.percent=-1.0'], required: false });
    expect(options.scheduler.limit_tenants_to_placement_aggregate).toBe(true);
    expect(options.DEFAULT.default_availability_zone).toBe('az0');
  });

  it('reads every [pci] alias entry (MultiStrOpt of JSON)', () => {
    const { conf } = load(
      [
        '[pci]',
        'alias = {"name": "gpu", "vendor_id": "10de", "product_id": "1db4", "numa_policy": "required"}',
        'alias = {"name": "nic", "vendor_id": "8086", "product_id": "1520"}',
      ].join('\n'),
    );
    const options = resolveSchedulerOptions(schedulerOptionsFromConfig(conf));
    expect(options.pci.alias.map((a) => [a.name, a.numa_policy])).toEqual([
      ['gpu', 'required'],
      ['nic', undefined],
    ]);
  });
});
