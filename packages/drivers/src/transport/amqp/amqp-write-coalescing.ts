/**
 * One socket write per turn of the event loop instead of one per AMQP frame.
 *
 * amqplib's multiplexer writes every frame of every channel to the socket
 * separately (`socket.write(frame)` in a loop), and with TCP_NODELAY each of
 * those is a write(2) of its own: an RPC server that replies and acks at the
 * same moment pays two system calls, and the broker two reads. Corking the
 * socket at the first write of a turn and uncorking it on the next tick hands
 * every frame written meanwhile to the kernel in one writev(2). Nothing waits
 * longer: the tick ends before the event loop polls again.
 */
import type { ChannelModel } from 'amqplib';

/** The part of a net.Socket this needs; amqplib keeps its socket as `connection.stream`. */
interface CorkableStream {
  write: (...args: never[]) => boolean;
  cork(): void;
  uncork(): void;
}

function corkable(stream: unknown): stream is CorkableStream {
  const s = stream as Partial<CorkableStream> | null;
  return typeof s?.write === 'function' && typeof s.cork === 'function' && typeof s.uncork === 'function';
}

/**
 * Makes the connection's socket coalesce the frames of one tick; returns false
 * (and changes nothing) when this amqplib does not expose its socket as
 * amqplib 2.x does.
 */
export function coalesceWrites(connection: ChannelModel): boolean {
  const stream = (connection.connection as { stream?: unknown }).stream;
  if (!corkable(stream)) return false;
  const write = stream.write;
  let corked = false;
  const flush = () => {
    corked = false;
    stream.uncork();
  };
  stream.write = function coalescedWrite(this: CorkableStream, ...args: never[]): boolean {
    if (!corked) {
      corked = true;
      stream.cork();
      process.nextTick(flush);
    }
    return write.apply(this, args);
  } as CorkableStream['write'];
  return true;
}
