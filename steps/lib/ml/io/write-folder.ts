import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes a folder of files so readers never see it half-written: fill a sibling temp folder, then
 * swap it in with rename.
 */
export function writeFolderAtomically(dir: string, files: Record<string, string | Buffer>): void {
  const temp = `${dir}.tmp-${process.pid}`;
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(`${temp}/${name}`, content);
  rmSync(dir, { recursive: true, force: true });
  renameSync(temp, dir);
}
