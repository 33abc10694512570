import { createHash } from 'node:crypto';
import { closeSync, createReadStream, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export interface DownloadProgress {
  received: number;
  /** Bytes of the whole file, when the server says. */
  total?: number;
}

export interface DownloadOptions {
  url: string;
  target: string;
  headers?: Record<string, string>;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

export interface DownloadResult {
  bytes: number;
  /** Bytes already on disk from an interrupted download that this one continued from. */
  resumedFrom: number;
}

/**
 * Downloads into `<target>.partial`, continuing an earlier partial file with an HTTP Range request, then renames
 * it into place. A server that ignores Range (200) restarts the file from zero.
 */
export async function downloadFile({ url, target, headers = {}, onProgress, signal }: DownloadOptions): Promise<DownloadResult> {
  const partial = `${target}.partial`;
  mkdirSync(dirname(target), { recursive: true });
  const have = existsSync(partial) ? statSync(partial).size : 0;
  const response = await fetch(url, { headers: { ...headers, ...(have > 0 ? { Range: `bytes=${have}-` } : {}) }, redirect: 'follow', signal });
  if (response.status === 416 && have > 0) {
    // The partial file already holds every byte.
    renameSync(partial, target);
    return { bytes: have, resumedFrom: have };
  }
  if (!response.ok || !response.body) {
    throw new Error(`GET ${url} answered ${response.status} ${response.statusText}${response.status === 401 || response.status === 403 ? ' (a gated dataset needs HF_TOKEN set)' : ''}`);
  }
  const resuming = response.status === 206 && have > 0;
  const start = resuming ? have : 0;
  const length = Number(response.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? start + length : undefined;
  let received = start;
  // Each chunk is written before the next is read, so an interrupted download keeps every byte it received.
  const fd = openSync(partial, resuming ? 'a' : 'w');
  try {
    for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
      writeSync(fd, chunk as Buffer);
      received += (chunk as Buffer).length;
      onProgress?.({ received, total });
    }
  } finally {
    closeSync(fd);
  }
  if (total !== undefined && received !== total) throw new Error(`GET ${url}: got ${received} of ${total} bytes; run the command again to resume`);
  renameSync(partial, target);
  return { bytes: received, resumedFrom: start };
}

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export function removeFile(file: string): void {
  rmSync(file, { force: true });
}
