import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

// Hashing a model folder on every key computation would dominate short steps: remember each file's hash
// while its identity (device, inode, size, mtime) is unchanged. Folders are re-walked every time, so an
// added or removed file always changes the folder's hash.
const fileHashes = new Map<string, { identity: string; hash: string }>();

async function hashFile(path: string, identity: string): Promise<string> {
  const known = fileHashes.get(path);
  if (known && known.identity === identity) return known.hash;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const digest = hash.digest('hex');
  fileHashes.set(path, { identity, hash: digest });
  return digest;
}

/**
 * The sha256 of a file's bytes, or of a folder's entries (name, kind and content hash, sorted by name,
 * recursively). Names and contents count; timestamps and the folder's own path do not, so two copies of
 * the same artifact hash alike. Symlinks are followed.
 */
export async function hashPath(path: string, ancestors: ReadonlySet<string> = new Set()): Promise<string> {
  const info = await stat(path);
  const identity = `${info.dev}:${info.ino}`;
  if (info.isFile()) return hashFile(path, `${identity}:${info.size}:${info.mtimeMs}`);
  if (!info.isDirectory()) throw new Error(`cannot hash ${path}: it is neither a file nor a folder`);
  // A symlink back to an enclosing folder would recurse forever: it counts as a named cycle instead.
  if (ancestors.has(identity)) return createHash('sha256').update('cycle\0').digest('hex');
  const inside = new Set(ancestors).add(identity);
  const names = (await readdir(path)).sort();
  const hash = createHash('sha256').update('dir\0');
  for (const name of names) {
    const child = join(path, name);
    const kind = (await stat(child)).isDirectory() ? 'd' : 'f';
    hash.update(`${name}\0${kind}\0${await hashPath(child, inside)}\0`);
  }
  return hash.digest('hex');
}
