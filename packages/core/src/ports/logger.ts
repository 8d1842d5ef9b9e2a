/**
 * Where services and adapters write what they do, at oslo.log's levels.
 * The composition root binds it (stdout in a service process, nothing in a
 * library); code below it never writes to the console itself.
 */
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface Logger {
  debug(msg: string, extra?: Record<string, unknown>): void;
  info(msg: string, extra?: Record<string, unknown>): void;
  warning(msg: string, extra?: Record<string, unknown>): void;
  error(msg: string, extra?: Record<string, unknown>): void;
}

const ignore = () => {};

/** A logger that drops everything: the default of library use and tests. */
export const silentLogger: Logger = { debug: ignore, info: ignore, warning: ignore, error: ignore };
