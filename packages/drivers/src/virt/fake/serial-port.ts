/**
 * The fake guest's serial port as a TCP socket (what QEMU's `-serial
 * tcp:...,server` gives nova-serialproxy): a login prompt naming the guest
 * on connect, then every byte typed is echoed back, as a terminal in
 * cooked mode does (a carriage return is answered with CR LF and the prompt).
 */
import type { Socket } from 'node:net';

export function serialPortSession(socket: Socket, name: string): void {
  const prompt = `${name} login: `;
  socket.write(`\r\n${prompt}`);
  socket.on('data', (chunk: Buffer) => {
    const text = chunk.toString('latin1').replace(/\r\n?|\n/g, `\r\n${prompt}`);
    socket.write(Buffer.from(text, 'latin1'));
  });
}
