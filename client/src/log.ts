/**
 * The one output channel (a `LogOutputChannel`, shared with the language client) behind a small
 * wrapper that writes errors as their stack. Nothing that reaches it may hold a token: callers pass
 * outcomes the HTTP core has already masked, and {@link Log.secrets} masks again as a last line.
 */
import type { LogOutputChannel } from 'vscode';

export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  show(): void;
}

/** An error as text: its stack when it has one (which starts with the message), otherwise its string form. */
export function formatError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

export function createLog(channel: LogOutputChannel, mask: (text: string) => string = (t) => t): Log {
  return {
    trace: (m) => channel.trace(mask(m)),
    debug: (m) => channel.debug(mask(m)),
    info: (m) => channel.info(mask(m)),
    warn: (m) => channel.warn(mask(m)),
    error: (m, err) => channel.error(mask(err === undefined ? m : `${m}\n${formatError(err)}`)),
    show: () => channel.show(true),
  };
}
