/**
 * The part of amqplib the RabbitMQ driver calls. The driver never imports
 * amqplib's code itself: amqplib is an optional peer, and the program that
 * ships the transport (the CLI, or `openTransport` loading it on first use
 * for an embedder) hands its own copy in, so that the library a process runs
 * is the one its package declared.
 */
import type * as amqplib from 'amqplib';

export type AmqpClientLibrary = Pick<typeof amqplib, 'connect'>;
