import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

/**
 * A step runs in its own output folder, so a relative data path means the folder ser-flow was started in:
 * SER_FLOW_CWD when the engine sets it, else the shell's PWD (inherited by the step process).
 */
export function resolveSourcePath(source: string, env: NodeJS.ProcessEnv = process.env): string {
  if (isAbsolute(source)) return source;
  const bases = [env.SER_FLOW_CWD, env.PWD, env.INIT_CWD, process.cwd()].filter((b): b is string => !!b);
  for (const base of bases) {
    const candidate = resolve(base, source);
    if (existsSync(candidate)) return candidate;
  }
  return resolve(bases[0], source);
}
