/**
 * JSON text that a stdio connection's writer (connection.ts) sends as it is: a big document's diagnostics come
 * from its thread as JSON text, which need not be parsed on the main thread only to be stringified again.
 */
import type { Message } from 'vscode-languageserver';

/** JSON text that goes to the client as written, as a whole message's `params` or `result`. */
export class RawJson {
  constructor(readonly json: string) {}

  /** What a trace of the message (or any other writer) shows. */
  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** A message as JSON text: `params` or `result` written as they are when they are {@link RawJson}. */
export function encodeMessage(msg: Message): string {
  const m = msg as Message & { params?: unknown; result?: unknown };
  for (const key of ['params', 'result'] as const) {
    const raw = m[key];
    if (!(raw instanceof RawJson)) continue;
    // Every message has `jsonrpc`, so the rest is a non-empty object: its closing brace makes room for the raw part.
    const rest = JSON.stringify({ ...m, [key]: undefined });
    return `${rest.slice(0, -1)},${JSON.stringify(key)}:${raw.json}}`;
  }
  return JSON.stringify(msg);
}
