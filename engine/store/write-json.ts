import writeFileAtomic from 'write-file-atomic';

/** Writes JSON via a temp file + rename, so readers never see half a file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic.sync(file, JSON.stringify(value, null, 2) + '\n');
}
