import { describe, expect, it } from 'vitest';
import { directHosts } from './zmq-direct-sockets.js';
import { readZmqSettings } from './zmq-options.js';

describe('readZmqSettings', () => {
  it('defaults heartbeat_interval to 1 s', () => {
    expect(readZmqSettings()).toEqual({ heartbeatIntervalMs: 1_000 });
    expect(readZmqSettings({ heartbeat_interval: '' })).toEqual({ heartbeatIntervalMs: 1_000 });
  });

  it('reads heartbeat_interval in seconds, as nova.conf strings or numbers', () => {
    expect(readZmqSettings({ heartbeat_interval: '0.25' }).heartbeatIntervalMs).toBe(250);
    expect(readZmqSettings({ heartbeat_interval: 2 }).heartbeatIntervalMs).toBe(2_000);
  });

  it.each(['0', '-1', 'often', '0.001'])('refuses heartbeat_interval = %s naming the option', (value) => {
    expect(() => readZmqSettings({ heartbeat_interval: value })).toThrow(
      expect.objectContaining({
        code: 'transport.invalid_url',
        message: expect.stringContaining('[oslo_messaging_zmq] heartbeat_interval'),
      }),
    );
  });

  it('reads rpc_zmq_host, the name callers reach direct calls at, and refuses what is no host', () => {
    expect(readZmqSettings({ rpc_zmq_host: 'compute1.example.org' }).directHost).toBe('compute1.example.org');
    expect(readZmqSettings({ rpc_zmq_host: '' }).directHost).toBeUndefined();
    expect(() => readZmqSettings({ rpc_zmq_host: 'tcp://x y' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('[oslo_messaging_zmq] rpc_zmq_host') }),
    );
  });
});

describe('directHosts', () => {
  it('binds only the loopback address of a loopback proxy, and advertises it', () => {
    expect(directHosts('127.0.0.1')).toEqual({ bindHost: '127.0.0.1', advertisedHost: '127.0.0.1' });
    expect(directHosts('localhost')).toEqual({ bindHost: '127.0.0.1', advertisedHost: '127.0.0.1' });
    expect(directHosts('::1')).toEqual({ bindHost: '[::1]', advertisedHost: '::1' });
  });

  it('binds every interface for a remote proxy, advertised as rpc_zmq_host or the hostname', () => {
    expect(directHosts('controller', 'compute1')).toEqual({ bindHost: '*', advertisedHost: 'compute1' });
    expect(directHosts('controller').bindHost).toBe('*');
    expect(directHosts('controller').advertisedHost).not.toBe('');
  });
});
