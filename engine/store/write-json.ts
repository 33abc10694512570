import { closeSync, fsyncSync, lstatSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { RunFileError } from './run-file-error.js';

function toText(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/**
 * write-file-atomic writes through a symlink to its target (it resolves the path first); a run folder's files
 * must never do that, or a planted link would overwrite any file the user can write.
 */
export function refuseSymlink(file: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(file).isSymbolicLink();
  } catch {
    return;
  }
  if (isLink) throw new RunFileError(`${file} is a symbolic link; ser-flow does not write through links in a run folder. Remove the link (the file is rewritten in place)`);
}

/** fsync of a folder: makes a rename inside it (the new file's name) survive a power cut. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The one atomic write of the engine: temp file + rename, so readers never see half a file and a kill at any
 * point leaves the old or the new whole file. Refuses to write through a symlink. `durable` fsyncs the file and
 * its folder (survives a machine crash); without it, a killed ser-flow still loses nothing the kernel holds.
 */
export function writeTextAtomic(file: string, text: string, options: { durable?: boolean } = {}): void {
  refuseSymlink(file);
  writeFileAtomic.sync(file, text, { fsync: options.durable === true });
  if (options.durable) syncFolder(dirname(file));
}

/** Like writeTextAtomic(…, {durable: true}), off the event loop. */
export async function writeTextDurable(file: string, text: string): Promise<void> {
  refuseSymlink(file);
  await writeFileAtomic(file, text);
  syncFolder(dirname(file));
}

/** JSON through writeTextAtomic, without fsync (an fsync per transition of every grid trial cost ~5 ms each). */
export function writeJsonAtomic(file: string, value: unknown, options: { durable?: boolean } = {}): void {
  writeTextAtomic(file, toText(value), options);
}

/** For records that must survive a machine crash (a step's result.json: resume trusts it instead of re-running the step). */
export async function writeJsonDurable(file: string, value: unknown): Promise<void> {
  await writeTextDurable(file, toText(value));
}
