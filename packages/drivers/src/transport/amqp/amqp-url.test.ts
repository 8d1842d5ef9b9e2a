import { describe, expect, it } from 'vitest';
import { readRabbitSettings, reconnectDelayMs } from './amqp-options.js';
import { parseRabbitUrl, redactTransportUrl } from './amqp-url.js';

describe('parseRabbitUrl', () => {
  it.each([
    {
      name: 'one host, default vhost',
      url: 'rabbit://guest:guest@127.0.0.1:5672/',
      want: {
        hosts: [{ hostname: '127.0.0.1', port: 5672, username: 'guest', password: 'guest' }],
        virtualHost: '/',
      },
    },
    {
      name: 'no path at all, no port, no credentials',
      url: 'rabbit://controller',
      want: {
        hosts: [{ hostname: 'controller', port: 5672, username: 'guest', password: 'guest' }],
        virtualHost: '/',
      },
    },
    {
      name: 'failover list with its own credentials per host',
      url: 'rabbit://nova:s3cr%40t@h1:5672,other:pw@h2:5673/nova_vhost',
      want: {
        hosts: [
          { hostname: 'h1', port: 5672, username: 'nova', password: 's3cr@t' },
          { hostname: 'h2', port: 5673, username: 'other', password: 'pw' },
        ],
        virtualHost: 'nova_vhost',
      },
    },
    {
      name: 'IPv6 host and an encoded vhost',
      url: 'rabbit://u:p@[::1]:5999/%2Fnova',
      want: { hosts: [{ hostname: '::1', port: 5999, username: 'u', password: 'p' }], virtualHost: '/nova' },
    },
  ])('parses $name', ({ url, want }) => {
    expect(parseRabbitUrl(url)).toMatchObject(want);
  });

  it('keeps query parameters', () => {
    expect(parseRabbitUrl('rabbit://h/?ssl=1').query).toEqual({ ssl: '1' });
  });

  it.each([
    'rabbit://',
    'rabbit:///vhost',
    'rabbit://h1,,h2/',
    'rabbit://h:0/',
    'rabbit://h:70000/',
    'rabbit://h:abc/',
    'rabbit://u:p@:5672/',
    'zmq://h/',
    'controller:5672',
    'rabbit://u:%zz@h/',
  ])('rejects %s as transport.invalid_url', (url) => {
    expect(() => parseRabbitUrl(url)).toThrow(expect.objectContaining({ code: 'transport.invalid_url' }));
  });

  it('never shows passwords in errors or logs', () => {
    expect(redactTransportUrl('rabbit://nova:secret@h1:5672,u2:pw2@h2/v')).toBe(
      'rabbit://nova:***@h1:5672,u2:***@h2/v',
    );
    const message = (() => {
      try {
        parseRabbitUrl('rabbit://nova:secret@h1:0/');
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain('rabbit://nova:***@h1:0/');
    expect(message).not.toContain('secret');
  });
});

describe('readRabbitSettings', () => {
  it('applies oslo defaults, with durable queues on', () => {
    expect(readRabbitSettings({}, 60_000)).toMatchObject({
      durableQueues: true,
      prefetchCount: 64,
      heartbeatTimeoutThreshold: 60,
      retryIntervalMs: 1000,
      retryBackoffMs: 2000,
      intervalMaxMs: 30_000,
      connectionTimeoutMs: 5000,
      publishTimeoutMs: 60_000,
    });
  });

  it('reads oslo option values given as strings', () => {
    expect(
      readRabbitSettings({
        amqp_durable_queues: 'false',
        rabbit_qos_prefetch_count: '8',
        rabbit_retry_interval: 0.5,
      }),
    ).toMatchObject({ durableQueues: false, prefetchCount: 8, retryIntervalMs: 500 });
    expect(() => readRabbitSettings({ rabbit_qos_prefetch_count: 'many' })).toThrow(
      expect.objectContaining({ code: 'transport.invalid_url' }),
    );
  });

  it('backs off by rabbit_retry_backoff per attempt, capped at rabbit_interval_max', () => {
    const settings = readRabbitSettings({});
    expect([0, 1, 2, 20].map((n) => reconnectDelayMs(settings, n))).toEqual([1000, 3000, 5000, 30_000]);
  });
});
