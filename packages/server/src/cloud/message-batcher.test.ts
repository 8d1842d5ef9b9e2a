import { describe, expect, it } from 'vitest';
import { MessageBatcher } from './message-batcher.js';

const nextTurn = () => new Promise((r) => setImmediate(r));

describe('MessageBatcher', () => {
  it('posts the messages of one event-loop turn together, in order, and nothing when idle', async () => {
    const posts: number[][] = [];
    const batcher = new MessageBatcher<number>((batch) => posts.push([...batch]));
    batcher.add(1);
    batcher.add(2);
    await Promise.resolve();
    batcher.add(3);
    expect(posts).toEqual([]);
    await nextTurn();
    expect(posts).toEqual([[1, 2, 3]]);
    batcher.add(4);
    await nextTurn();
    await nextTurn();
    expect(posts).toEqual([[1, 2, 3], [4]]);
  });

  it('posts at once on flush, and the turn then posts nothing more', async () => {
    const posts: string[][] = [];
    const batcher = new MessageBatcher<string>((batch) => posts.push([...batch]));
    batcher.flush();
    batcher.add('a');
    batcher.flush();
    expect(posts).toEqual([['a']]);
    await nextTurn();
    expect(posts).toEqual([['a']]);
  });
});
