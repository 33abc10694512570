import { isAbsolute, resolve } from 'node:path';

/**
 * A step runs in its own output folder, so a relative data path means the folder the run was started in,
 * which the engine passes as SER_FLOW_CWD (the same folder on a resume started elsewhere). Run by hand,
 * without the engine, a plugin resolves against its own working folder.
 */
export function resolveSourcePath(source: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(source) ? source : resolve(env.SER_FLOW_CWD ?? process.cwd(), source);
}
