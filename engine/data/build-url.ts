/** Where a dataset file comes from and where it is cached, relative to the cache folder. */
export interface DatasetLocation {
  url: string;
  cachePath: string;
}

/** The dataset argument names no downloadable file: a usage mistake. */
export class DatasetSpecError extends Error {}

export const DEFAULT_BASE_URL = 'https://huggingface.co';

/**
 * `owner/name` + `file` (or `owner/name/path/to/file`) → `<base>/datasets/owner/name/resolve/<revision>/<file>`,
 * the Hugging Face hub's download URL; a full http(s) URL is used as given.
 */
export function buildDatasetLocation(options: { dataset: string; file?: string; revision?: string; baseUrl?: string }): DatasetLocation {
  const { dataset, file, revision = 'main', baseUrl = DEFAULT_BASE_URL } = options;
  if (/^https?:\/\//.test(dataset)) {
    const url = new URL(dataset);
    return { url: url.href, cachePath: ['urls', url.host.replace(/[^A-Za-z0-9.-]/g, '_'), ...safeSegments(url.pathname)].join('/') };
  }
  const segments = dataset.split('/').filter(Boolean);
  const path = [...segments.slice(2), ...(file ? file.split('/').filter(Boolean) : [])];
  if (segments.length < 2 || path.length === 0) {
    throw new DatasetSpecError(`cannot tell which file of "${dataset}" to download: give owner/name and --file (e.g. ser-flow data pull Anthropic/hh-rlhf --file harmless-base/test.jsonl.gz), owner/name/path/to/file, or a full https:// URL`);
  }
  const [owner, name] = segments;
  const encoded = path.map(encodeURIComponent).join('/');
  const url = `${baseUrl.replace(/\/+$/, '')}/datasets/${encodeURIComponent(owner)}/${encodeURIComponent(name)}/resolve/${encodeURIComponent(revision)}/${encoded}`;
  return { url, cachePath: ['datasets', owner, name, revision, ...path].map((s) => safeSegments(s).join('/')).join('/') };
}

/** Path segments that cannot climb out of the cache folder. */
function safeSegments(path: string): string[] {
  return path.split('/').filter((s) => s && s !== '.' && s !== '..').map((s) => s.replace(/[^A-Za-z0-9._=-]/g, '_'));
}
