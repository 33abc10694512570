import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeTextDurable } from '../store/write-json.js';
import { buildDatasetLocation } from './build-url.js';
import { downloadFile, hashFile, removeFile, type DownloadProgress } from './download-file.js';

export interface PullOptions {
  dataset: string;
  file?: string;
  revision?: string;
  baseUrl?: string;
  cacheDir?: string;
  /** Expected sha256 (hex): a mismatch deletes the file and fails. */
  sha256?: string;
  force?: boolean;
  token?: string;
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** The sidecar JSON written next to each pulled file. */
export interface PulledFile {
  url: string;
  path: string;
  bytes: number;
  sha256: string;
  downloaded_at: string;
  resumed_from: number;
  cached: boolean;
}

export function getDefaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SER_FLOW_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ser-flow');
}

/** Downloads a dataset file into the cache (or reuses the cached copy) and records its sha256 in `<file>.json`. */
export async function pullDataset(options: PullOptions): Promise<PulledFile> {
  const { dataset, file, revision, baseUrl, cacheDir = getDefaultCacheDir(), sha256, force = false, token, onProgress, signal } = options;
  const location = buildDatasetLocation({ dataset, file, revision, baseUrl });
  const target = resolve(cacheDir, location.cachePath);
  const sidecar = `${target}.json`;
  if (!force && existsSync(target) && existsSync(sidecar)) {
    const recorded = JSON.parse(readFileSync(sidecar, 'utf8')) as PulledFile;
    if (!sha256 || recorded.sha256 === sha256.toLowerCase()) return { ...recorded, cached: true };
  }
  if (force) removeFile(`${target}.partial`);
  const downloaded = await downloadFile({ url: location.url, target, headers: token ? { Authorization: `Bearer ${token}` } : {}, onProgress, signal });
  const digest = await hashFile(target);
  if (sha256 && digest !== sha256.toLowerCase()) {
    removeFile(target);
    throw new Error(`${location.url}: sha256 is ${digest}, expected ${sha256}; the file was deleted — check the expected checksum or the revision`);
  }
  const record: PulledFile = { url: location.url, path: target, bytes: downloaded.bytes, sha256: digest, downloaded_at: new Date().toISOString(), resumed_from: downloaded.resumedFrom, cached: false };
  await writeTextDurable(sidecar, JSON.stringify(record, null, 2) + '\n');
  return record;
}
