/**
 * What the console services read from nova.conf, once: the token lifetime,
 * which console types a compute host serves, the public base URL of each
 * console type, the allowed origins and where each proxy listens and what
 * web client it serves.
 */
import type { NovaConfig } from '@novats/core';

/** The remote-consoles `type` values with a proxy URL. */
export type ConsoleType = 'novnc' | 'xvpvnc' | 'spice-html5' | 'serial' | 'rdp-html5' | 'webmks';

export interface ProxyListen {
  readonly host: string;
  readonly port: number;
}

export interface ConsoleSettings {
  /** `[consoleauth] token_ttl` in seconds. */
  readonly tokenTtl: number;
  /** `[vnc] enabled`, `[spice] enabled`, `[serial_console] enabled`, `[rdp] enabled`, `[mks] enabled`. */
  readonly enabled: {
    readonly vnc: boolean;
    readonly spice: boolean;
    readonly serial: boolean;
    readonly rdp: boolean;
    readonly mks: boolean;
  };
  /** The public base URL per console type (`[vnc] novncproxy_base_url`, ...). */
  readonly baseUrls: Readonly<Record<ConsoleType, string>>;
  /** `[console] allowed_origins`. */
  readonly allowedOrigins: readonly string[];
  /** `[vnc] novncproxy_host/port`, `[vnc] xvpvncproxy_host/port`, `[spice] html5proxy_host/port`, `[serial_console] serialproxy_host/port`. */
  readonly listen: {
    readonly novnc: ProxyListen;
    readonly xvpvnc: ProxyListen;
    readonly spicehtml5: ProxyListen;
    readonly serial: ProxyListen;
  };
  /** Directories of web clients to serve instead of the npm ones (`[vnc] novnc_web`, `[spice] html5_web`, `[DEFAULT] web`). */
  readonly web: { readonly novnc: string | null; readonly spicehtml5: string | null };
}

export function consoleSettingsFromConfig(conf: NovaConfig): ConsoleSettings {
  // NOTE(nova): `[DEFAULT] web` is Nova's one web root for every proxy; it applies only when set.
  const web = conf.isSet('DEFAULT', 'web') ? conf.get('DEFAULT', 'web') : null;
  return {
    tokenTtl: conf.get('consoleauth', 'token_ttl'),
    enabled: {
      vnc: conf.get('vnc', 'enabled'),
      spice: conf.get('spice', 'enabled'),
      serial: conf.get('serial_console', 'enabled'),
      rdp: conf.get('rdp', 'enabled'),
      mks: conf.get('mks', 'enabled'),
    },
    baseUrls: {
      novnc: conf.get('vnc', 'novncproxy_base_url'),
      xvpvnc: conf.get('vnc', 'xvpvncproxy_base_url'),
      'spice-html5': conf.get('spice', 'html5proxy_base_url'),
      serial: conf.get('serial_console', 'base_url'),
      'rdp-html5': conf.get('rdp', 'html5_proxy_base_url'),
      webmks: conf.get('mks', 'mksproxy_base_url'),
    },
    allowedOrigins: conf.get('console', 'allowed_origins'),
    listen: {
      novnc: { host: conf.get('vnc', 'novncproxy_host'), port: conf.get('vnc', 'novncproxy_port') },
      xvpvnc: { host: conf.get('vnc', 'xvpvncproxy_host'), port: conf.get('vnc', 'xvpvncproxy_port') },
      spicehtml5: { host: conf.get('spice', 'html5proxy_host'), port: conf.get('spice', 'html5proxy_port') },
      serial: {
        host: conf.get('serial_console', 'serialproxy_host'),
        port: conf.get('serial_console', 'serialproxy_port'),
      },
    },
    web: { novnc: conf.get('vnc', 'novnc_web') ?? web, spicehtml5: conf.get('spice', 'html5_web') ?? web },
  };
}
