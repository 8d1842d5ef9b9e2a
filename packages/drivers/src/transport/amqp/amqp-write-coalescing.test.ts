import type { ChannelModel } from 'amqplib';
import { describe, expect, it } from 'vitest';
import { coalesceWrites } from './amqp-write-coalescing.js';

/** A socket stand-in that records what reaches the kernel: one entry per flush of a cork. */
function recordingStream() {
  const flushed: string[][] = [];
  let corks = 0;
  let pending: string[] = [];
  const stream = {
    write(chunk: string): boolean {
      if (corks > 0) pending.push(chunk);
      else flushed.push([chunk]);
      return chunk !== 'full';
    },
    cork() {
      corks += 1;
    },
    uncork() {
      corks -= 1;
      if (corks === 0 && pending.length > 0) {
        flushed.push(pending);
        pending = [];
      }
    },
  };
  return { stream, flushed };
}

const model = (stream: unknown) => ({ connection: { stream } }) as unknown as ChannelModel;
const nextTick = () => new Promise<void>((resolve) => process.nextTick(resolve));

describe('coalesceWrites', () => {
  it('hands the frames written in one tick to the socket together, in order, at the end of the tick', async () => {
    const { stream, flushed } = recordingStream();
    expect(coalesceWrites(model(stream))).toBe(true);
    stream.write('method');
    stream.write('header');
    stream.write('body');
    expect(flushed).toEqual([]);
    await nextTick();
    expect(flushed).toEqual([['method', 'header', 'body']]);
  });

  it('starts over on the next tick, and keeps what write returns (backpressure)', async () => {
    const { stream, flushed } = recordingStream();
    coalesceWrites(model(stream));
    expect(stream.write('ack')).toBe(true);
    await nextTick();
    expect(stream.write('reply')).toBe(true);
    expect(stream.write('full')).toBe(false);
    await nextTick();
    expect(flushed).toEqual([['ack'], ['reply', 'full']]);
  });

  it('leaves a connection alone whose amqplib keeps no corkable socket where 2.x does', () => {
    expect(coalesceWrites(model(undefined))).toBe(false);
    const write = () => true;
    const plain = { write };
    expect(coalesceWrites(model(plain))).toBe(false);
    expect(plain.write).toBe(write);
  });
});
