import { describe, expect, it } from 'vitest';
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
});
