import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export interface Device {
  /** The id that goes into CUDA_VISIBLE_DEVICES. */
  id: string;
  uuid?: string;
  name?: string;
  memoryMiB?: number;
}

export interface DiscoveredDevices {
  devices: Device[];
  /** Where the list came from, for `plan` and logs. */
  source: 'SER_FLOW_GPUS' | 'config' | 'nvidia-smi' | 'none';
  /** Concurrent steps that ask for no GPU. */
  cpuSlots: number;
}

export interface DiscoverOptions {
  env?: NodeJS.ProcessEnv;
  /** GPU ids listed in configuration; used when SER_FLOW_GPUS is unset. */
  configured?: string[];
  /** Runs nvidia-smi and returns its stdout, or undefined when it is absent or fails (injectable for tests). */
  queryNvidiaSmi?: () => string | undefined;
}

function queryNvidiaSmiOnPath(): string | undefined {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=index,uuid,name,memory.total', '--format=csv,noheader,nounits'], {
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

/** Parses `index, uuid, name, memory.total` lines (with or without a ` MiB` unit). */
export function parseNvidiaSmi(csv: string): Device[] {
  return csv
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [id = '', uuid, name, memory] = line.split(',').map((part) => part.trim());
      const memoryMiB = Number.parseInt(memory ?? '', 10);
      return { id, uuid, name, ...(Number.isFinite(memoryMiB) ? { memoryMiB } : {}) };
    })
    .filter((device) => /^\d+$/.test(device.id));
}

function parseIdList(value: string, where: string): string[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'none') return [];
  const ids = trimmed.split(',').map((id) => id.trim());
  const bad = ids.find((id) => !/^[A-Za-z0-9-]+$/.test(id));
  if (bad !== undefined) {
    throw new Error(`${where}: "${bad}" is not a GPU id; expected a comma-separated list such as "0,1" (or "none")`);
  }
  if (new Set(ids).size !== ids.length) throw new Error(`${where}: "${value}" lists a GPU twice; list each id once`);
  return ids;
}

function parseCpuSlots(env: NodeJS.ProcessEnv): number {
  const raw = env.SER_FLOW_CPU_SLOTS;
  if (raw === undefined || raw === '') return availableParallelism();
  const slots = Number(raw);
  if (!Number.isInteger(slots) || slots < 1) {
    throw new Error(`SER_FLOW_CPU_SLOTS: "${raw}" is not a positive integer; set it to the number of steps without GPUs that may run at once`);
  }
  return slots;
}

/**
 * The GPUs steps may lease, in order of precedence: `SER_FLOW_GPUS=0,1` (so tests and CPU-only machines
 * can simulate devices; `none` disables GPUs), ids from configuration, then nvidia-smi. Also returns the
 * CPU slot count (`SER_FLOW_CPU_SLOTS`, default: the number of cores).
 */
export function discoverDevices(options: DiscoverOptions = {}): DiscoveredDevices {
  const { env = process.env, configured, queryNvidiaSmi = queryNvidiaSmiOnPath } = options;
  const cpuSlots = parseCpuSlots(env);
  if (env.SER_FLOW_GPUS !== undefined) {
    return { devices: parseIdList(env.SER_FLOW_GPUS, 'SER_FLOW_GPUS').map((id) => ({ id })), source: 'SER_FLOW_GPUS', cpuSlots };
  }
  if (configured) return { devices: configured.map((id) => ({ id })), source: 'config', cpuSlots };
  const csv = queryNvidiaSmi();
  if (csv !== undefined) {
    const devices = parseNvidiaSmi(csv);
    if (devices.length > 0) return { devices, source: 'nvidia-smi', cpuSlots };
  }
  return { devices: [], source: 'none', cpuSlots };
}
