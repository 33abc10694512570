import cliProgress from 'cli-progress';
import { resolve } from 'node:path';
import { DatasetSpecError } from '../data/build-url.js';
import { pullDataset, type PullOptions } from '../data/pull-dataset.js';
import { EXIT, ExitError } from './exit-error.js';

export interface DataPullOptions extends Pick<PullOptions, 'dataset' | 'file' | 'revision' | 'baseUrl' | 'cacheDir' | 'sha256' | 'force'> {
  cwd: string;
}

/** `ser-flow data pull`: prints the cached file's path on stdout (progress and notes go to stderr). */
export async function dataPullCommand(options: DataPullOptions): Promise<number> {
  const { cwd, dataset, file, revision, baseUrl, sha256, force } = options;
  const cacheDir = options.cacheDir ? resolve(cwd, options.cacheDir) : undefined;
  const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: 'downloading [{bar}] {percentage}% {value}/{total} bytes' }, cliProgress.Presets.shades_classic) : undefined;
  let started = false;
  try {
    const pulled = await pullDataset({
      dataset,
      file,
      revision,
      baseUrl,
      cacheDir,
      sha256,
      force,
      token: process.env.HF_TOKEN,
      onProgress: ({ received, total }) => {
        if (!bar) return;
        if (!started) bar.start(total ?? received, received);
        started = true;
        if (total) bar.setTotal(total);
        bar.update(received);
      },
    });
    bar?.stop();
    const how = pulled.cached ? 'cached' : pulled.resumed_from > 0 ? `resumed at byte ${pulled.resumed_from}` : 'downloaded';
    console.error(`${how}: ${pulled.url} (${pulled.bytes} bytes, sha256 ${pulled.sha256})`);
    console.log(pulled.path);
    return EXIT.ok;
  } catch (error) {
    bar?.stop();
    if (error instanceof DatasetSpecError) throw new ExitError(EXIT.invalidInput, `ser-flow data pull: ${error.message}`);
    const message = error instanceof Error ? error.message : String(error);
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    throw new ExitError(EXIT.workflowFailed, `ser-flow data pull: ${message}${cause}; a partial download is kept and the next pull resumes it`, { cause: error });
  }
}
