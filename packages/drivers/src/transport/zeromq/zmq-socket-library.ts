/**
 * The part of the zeromq package the ZeroMQ driver and proxy construct
 * sockets with. A program that ships zeromq itself (the CLI) passes its own
 * copy, so that the native addon a process loads is the one its package
 * declared; embedders get the copy this entry point resolves.
 */
import * as zeromq from 'zeromq';

export type ZmqSocketLibrary = Pick<typeof zeromq, 'Dealer' | 'Router'>;

/** The zeromq that `@novats/drivers/zeromq` resolves (its optional peer). */
export const RESOLVED_ZEROMQ: ZmqSocketLibrary = zeromq;
