import { adminContext, type Transport } from '@novats/core';
import { createTransport } from '@novats/drivers';
import { describe, expect, it } from 'vitest';
import { CellTransports } from './cell-transports.js';

const DEFAULT_URL = 'inproc://default';

/** An opener over in-process buses that records what it opened and closed. */
function recordingOpener() {
  const opened: string[] = [];
  const closed: string[] = [];
  const open = async (url: string): Promise<Transport> => {
    opened.push(url);
    const t = createTransport(url);
    return {
      call: t.call.bind(t),
      cast: t.cast.bind(t),
      listen: t.listen.bind(t),
      close: async () => {
        closed.push(url);
        await t.close();
      },
    };
  };
  return { open, opened, closed };
}

describe('CellTransports', () => {
  it.each([
    { name: 'empty', url: '' },
    { name: "cell0's none:///", url: 'none:///' },
    { name: 'none:/ as Nova prints it', url: 'none:/' },
    { name: 'the default URL', url: DEFAULT_URL },
    { name: 'the default URL with spaces', url: ` ${DEFAULT_URL} ` },
  ])('uses the service transport for $name', async ({ url }) => {
    const own = createTransport(DEFAULT_URL);
    const rec = recordingOpener();
    const cells = new CellTransports(own, DEFAULT_URL, rec.open);
    expect(await cells.for({ transport_url: url })).toBe(own);
    expect(rec.opened).toEqual([]);
    await cells.close();
    await own.close();
  });

  it('opens one transport per distinct URL, once, and messages reach that cell', async () => {
    const own = createTransport(DEFAULT_URL);
    const rec = recordingOpener();
    const cells = new CellTransports(own, DEFAULT_URL, rec.open);

    // A conductor of cell1 listening on cell1's bus.
    const cell1Side = createTransport('inproc://cell1');
    const listener = await cell1Side.listen(
      { topic: 'conductor', server: 'c1' },
      { ping: (_ctx, args: { n: number }) => ({ pong: args.n, cell: 'cell1' }) },
    );

    const [a, b] = await Promise.all([
      cells.for({ transport_url: 'inproc://cell1' }),
      cells.for({ transport_url: 'inproc://cell1' }),
    ]);
    expect(a).toBe(b);
    const c = await cells.for({ transport_url: 'inproc://cell2' });
    expect(c).not.toBe(a);
    expect(rec.opened).toEqual(['inproc://cell1', 'inproc://cell2']);
    expect(cells.openedCount).toBe(2);

    const reply = await a.call(adminContext('req-1'), { topic: 'conductor' }, 'ping', { n: 7 });
    expect(reply).toEqual({ pong: 7, cell: 'cell1' });

    await cells.close();
    expect(rec.closed.sort()).toEqual(['inproc://cell1', 'inproc://cell2']);
    await cells.close(); // idempotent
    expect(rec.closed).toHaveLength(2);
    // The service's own transport stays usable: it belongs to the caller.
    await expect(
      own.cast(adminContext('req-2'), { topic: 'nobody-listens' }, 'x', {}),
    ).resolves.toBeUndefined();
    await expect(cells.for({ transport_url: 'inproc://cell3' })).rejects.toMatchObject({
      code: 'cells.transports.closed',
    });
    await listener.stop();
    await cell1Side.close();
    await own.close();
  });

  it('forgets a failed open so that the next use retries', async () => {
    const own = createTransport(DEFAULT_URL);
    let attempts = 0;
    const cells = new CellTransports(own, DEFAULT_URL, async (url) => {
      attempts += 1;
      if (attempts === 1) throw new Error('broker down');
      return createTransport(url);
    });
    await expect(cells.for({ transport_url: 'inproc://flaky' })).rejects.toThrow('broker down');
    const t = await cells.for({ transport_url: 'inproc://flaky' });
    expect(attempts).toBe(2);
    expect(await cells.for({ transport_url: 'inproc://flaky' })).toBe(t);
    await cells.close();
    await own.close();
  });
});
