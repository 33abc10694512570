import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

/** Cluster defaults for every Slurm job of a workflow (`slurm-profile.yaml`). */
export interface SlurmProfile {
  partition?: string;
  account?: string;
  qos?: string;
  /** Slurm time limit (`--time`), e.g. `2:00:00`; a step's `timeout` overrides it. */
  time?: string;
  /** `--mem`, e.g. `16G`. */
  mem?: string;
  /** `--cpus-per-task` when the step does not set resources.cpus. */
  cpus_per_task?: number;
  /** GRES name for GPUs: `--gres=<gpu_gres>:N` (default `gpu`; e.g. `gpu:a100`). */
  gpu_gres?: string;
  /** Extra sbatch arguments, passed as separate argv elements (no shell). */
  extra_args?: string[];
  /** How often to poll squeue, in milliseconds (default 250). */
  poll_ms?: number;
  /** The file the profile came from, for messages. */
  source?: string;
}

const STRING_KEYS = ['partition', 'account', 'qos', 'time', 'mem', 'gpu_gres'] as const;
const OPTION_PATTERN = /^[A-Za-z0-9_.:,=+\-/@%[\]]+$/;

function throwOnBadProfile(file: string, key: string, expected: string, got: unknown): never {
  throw new Error(`${file}: "${key}" must be ${expected}, got ${JSON.stringify(got)}; fix it or remove the key`);
}

/** Checks a parsed profile; every value becomes a single sbatch argument, so odd characters are refused. */
export function validateSlurmProfile(data: unknown, file: string): SlurmProfile {
  if (data === null || data === undefined) return { source: file };
  if (typeof data !== 'object' || Array.isArray(data)) throwOnBadProfile(file, '(top level)', 'a mapping', data);
  const raw = data as Record<string, unknown>;
  const known = new Set<string>([...STRING_KEYS, 'cpus_per_task', 'extra_args', 'poll_ms']);
  const unknown = Object.keys(raw).find((key) => !known.has(key));
  if (unknown) throw new Error(`${file}: unknown key "${unknown}"; known keys: ${[...known].join(', ')}`);
  const profile: SlurmProfile = { source: file };
  for (const key of STRING_KEYS) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || !OPTION_PATTERN.test(value)) throwOnBadProfile(file, key, 'a string of letters, digits and _.:,=+-/@%[]', value);
    profile[key] = value;
  }
  for (const key of ['cpus_per_task', 'poll_ms'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!Number.isInteger(value) || (value as number) < 1) throwOnBadProfile(file, key, 'a positive integer', value);
    profile[key] = value as number;
  }
  if (raw.extra_args !== undefined) {
    const args = raw.extra_args;
    if (!Array.isArray(args) || !args.every((a) => typeof a === 'string' && a.startsWith('--'))) {
      throwOnBadProfile(file, 'extra_args', 'a list of sbatch options such as "--constraint=a100"', args);
    }
    profile.extra_args = args as string[];
  }
  return profile;
}

/**
 * The profile for a workflow: `SER_FLOW_SLURM_PROFILE` if set, else `slurm-profile.yaml` next to the
 * workflow file, else none (Slurm's own defaults).
 */
export function loadSlurmProfile(options: { workflowFile?: string; env?: NodeJS.ProcessEnv; cwd?: string }): SlurmProfile {
  const { workflowFile, env = process.env, cwd = process.cwd() } = options;
  const fromEnv = env.SER_FLOW_SLURM_PROFILE;
  const file = fromEnv ? resolve(cwd, fromEnv) : workflowFile ? join(dirname(resolve(cwd, workflowFile)), 'slurm-profile.yaml') : undefined;
  if (!file || !existsSync(file)) {
    if (fromEnv) throw new Error(`SER_FLOW_SLURM_PROFILE=${fromEnv}: no such file (${file}); point it at a slurm-profile.yaml or unset it`);
    return {};
  }
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not valid YAML (${(error as Error).message})`, { cause: error });
  }
  return validateSlurmProfile(data, file);
}
