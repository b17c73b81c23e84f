/**
 * Reads a response body with a hard cap on the DECODED size: undici's own limit counts wire bytes, so a small
 * gzip body can still expand to gigabytes (threat T13, CVE-2026-22036). Decoding is pulled chunk by chunk and
 * stops — destroying the stream — as soon as the cap is reached, so memory stays bounded.
 */
import { Readable, pipeline } from 'node:stream';
import type { Transform } from 'node:stream';
import * as zlib from 'node:zlib';
import { SettingIds } from '../../../common/ids';

export interface BodyResult {
  text: string;
  bytes: number;
  truncated: boolean;
  notice?: string;
}

type Coding = 'identity' | 'gzip' | 'deflate' | 'br';

const noop = (): void => {};

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}

/** One supported coding, or a reason why the body is not decoded (unknown coding, or a chain of codings). */
function codingOf(contentEncoding: string | undefined): Coding | { unsupported: string } {
  if (contentEncoding === undefined) return 'identity';
  const list = contentEncoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '' && s !== 'identity');
  if (list.length === 0) return 'identity';
  if (list.length > 1) return { unsupported: `a chain of content codings (${list.slice(0, 5).join(', ')})` };
  const only = list[0];
  if (only === 'gzip' || only === 'x-gzip') return 'gzip';
  if (only === 'deflate' || only === 'br') return only;
  return { unsupported: `the content coding "${(only ?? '').slice(0, 40)}"` };
}

/** Tolerant decoders (a body cut short still shows what arrived), with small output chunks. */
function decoderFor(coding: 'gzip' | 'br' | 'zlib' | 'raw'): Transform {
  const chunkSize = 16 * 1024;
  switch (coding) {
    case 'gzip':
      return zlib.createGunzip({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize });
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, chunkSize });
    case 'zlib':
      return zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize });
    case 'raw':
      return zlib.createInflateRaw({ finishFlush: zlib.constants.Z_SYNC_FLUSH, chunkSize });
  }
}

/**
 * `deflate` is specified as zlib-wrapped, but some servers send raw deflate: look at the first byte
 * (a zlib header has compression method 8 in its low nibble) before choosing.
 */
async function deflateSource(body: Readable): Promise<{ source: Readable; decoder: Transform } | undefined> {
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done === true) return undefined;
  const head = Buffer.from(first.value);
  const decoder = decoderFor(((head[0] ?? 0) & 0x0f) === 8 ? 'zlib' : 'raw');
  async function* rest(): AsyncGenerator<Buffer> {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      yield next.value;
    }
  }
  return { source: Readable.from(rest(), { objectMode: false }), decoder };
}

interface Collected {
  parts: Buffer[];
  total: number;
  /** The stream had more than `maxBytes`: it is paused, not finished. */
  capped: boolean;
}

const prematureClose = (): Error => Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });

/**
 * Reads `stream` to its end or to `maxBytes`, whichever comes first, in one pass of its 'data' events (an async
 * iterator costs several times more per response, #11). Rejects with the stream's error, or when it closes before
 * its end as `for await` would; what arrived until then stays in `got`.
 */
function collect(stream: Readable, maxBytes: number, got: Collected): Promise<void> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (error?: Error): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onData = (chunk: Buffer | Uint8Array): void => {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      const room = maxBytes - got.total;
      if (buf.length > room) {
        if (room > 0) got.parts.push(buf.subarray(0, room));
        got.total += room;
        got.capped = true;
        stream.pause();
        settle();
        return;
      }
      got.parts.push(buf);
      got.total += buf.length;
    };
    stream.on('data', onData);
    stream.once('end', () => settle());
    stream.on('error', (error: Error) => settle(error));
    // After 'end' or 'error' this does nothing (and makes no Error: a stack costs more than the rest of a read);
    // alone, the stream was destroyed before its end.
    stream.once('close', () => {
      if (!settled) settle(prematureClose());
    });
  });
}

/** Decodes without keeping state between calls (no `stream` option), so one decoder serves every response. */
const utf8 = new TextDecoder('utf-8');

export interface ReadBodyInput {
  body: Readable;
  contentEncoding: string | undefined;
  contentLength: string | undefined;
  maxBytes: number;
}

/**
 * Reads and decodes the body up to `maxBytes` decoded bytes. Network errors (abort, timeouts, resets) are
 * re-thrown; a body that cannot be decoded is reported in `notice` with whatever decoded before the failure.
 */
export async function readBody({ body, contentEncoding, contentLength, maxBytes }: ReadBodyInput): Promise<BodyResult> {
  // The first error and which stream raised it: pipeline() forwards an error to every stream, so only the
  // origin tells a network failure (re-thrown) from a decoding failure (reported as a notice).
  let firstError: { from: 'network' | 'decoder'; error: unknown } | undefined;
  // Set once we stop reading on purpose: the errors our own destroy() causes are not failures.
  let stopped = false;
  const watch = (stream: Readable, from: 'network' | 'decoder'): void => {
    stream.on('error', (error: unknown) => {
      if (!stopped) firstError ??= { from, error };
    });
  };
  watch(body, 'network');
  const got: Collected = { parts: [], total: 0, capped: false };
  let notice: string | undefined;
  try {
    const declared =
      contentLength !== undefined && /^\d+$/.test(contentLength.trim()) ? Number(contentLength.trim()) : undefined;
    if (declared !== undefined && declared > maxBytes) {
      return {
        text: '',
        bytes: 0,
        truncated: true,
        notice: `The server announced a ${formatBytes(declared)} body, more than the ${formatBytes(maxBytes)} limit (${SettingIds.maxResponseBytes}); it was not read.`,
      };
    }
    const coding = codingOf(contentEncoding);
    if (typeof coding === 'object') {
      return {
        text: '',
        bytes: 0,
        truncated: true,
        notice: `The body uses ${coding.unsupported}, which is not decoded; it is not shown.`,
      };
    }

    let stream: Readable = body;
    if (coding === 'gzip' || coding === 'br') {
      const decoder = decoderFor(coding);
      watch(decoder, 'decoder');
      stream = pipeline(body, decoder, noop);
    } else if (coding === 'deflate') {
      const inflating = await deflateSource(body);
      if (inflating === undefined) return { text: '', bytes: 0, truncated: false };
      watch(inflating.decoder, 'decoder');
      stream = pipeline(inflating.source, inflating.decoder, noop);
    }

    try {
      await collect(stream, maxBytes, got);
      if (got.capped) {
        notice = `The ${coding === 'identity' ? '' : 'decoded '}response is larger than the ${formatBytes(maxBytes)} limit (${SettingIds.maxResponseBytes}); only the first ${formatBytes(maxBytes)} are shown.`;
      }
    } catch (e) {
      if (coding === 'identity' || firstError?.from !== 'decoder') throw firstError?.error ?? e;
      const reason = firstError.error instanceof Error ? firstError.error.message : String(firstError.error);
      notice = `The ${coding} body could not be decoded (${reason}); showing what decoded before the error.`;
    } finally {
      stopped = true;
      // A decoder left paused at the cap (or failed) is ended with the transfer.
      if (stream !== body && !stream.destroyed) stream.destroy();
    }
    if (firstError?.from === 'network') throw firstError.error;
  } finally {
    stopped = true;
    // Stop the transfer whatever happened: an unread body keeps the connection (and the server) busy.
    if (!body.readableEnded) body.destroy();
  }
  const { parts, total } = got;
  const buffer = parts.length === 1 ? (parts[0] ?? Buffer.alloc(0)) : Buffer.concat(parts, total);
  const result: BodyResult = { text: utf8.decode(buffer), bytes: total, truncated: got.capped };
  if (notice !== undefined) result.notice = notice;
  return result;
}
