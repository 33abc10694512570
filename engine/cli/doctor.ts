// `ser-flow doctor`: which step implementations and backends this machine can run, with a fix for each gap.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { discoverDevices } from '../devices/discover-devices.js';
import { getProjectRoot } from '../load/project-root.js';

export interface DoctorCheck {
  group: 'node' | 'tfjs' | 'python' | 'gpu' | 'implementation';
  name: string;
  ok: boolean;
  detail: string;
  /** How to get it, when it is missing. */
  fix?: string;
}

export interface PythonProbe {
  path: string;
  python?: string;
  torch?: string | null;
  cuda_build?: string | null;
  cuda_available?: boolean;
  devices?: string[];
  bf16?: boolean;
  transformers?: string | null;
  peft?: string | null;
  error?: string;
}

export interface DoctorReport {
  checks: DoctorCheck[];
  pythons: PythonProbe[];
  /** The interpreter the torch plugins end up on (same rule as steps/sdk-py's interpreter.py), if any. */
  torchPython: string | null;
}

const probeTimeoutMs = 120_000;

// TF.js backends in the order `backend: auto` tries them (steps/lib/ml/backend), with the package each needs.
const tfjsBackends = [
  { name: 'node-gpu', module: '@tensorflow/tfjs-node-gpu', registry: 'tensorflow' },
  { name: 'node', module: '@tensorflow/tfjs-node', registry: 'tensorflow' },
  { name: 'wasm', module: '@tensorflow/tfjs-backend-wasm', registry: 'wasm' },
  { name: 'cpu', module: '@tensorflow/tfjs-backend-cpu', registry: 'cpu' },
] as const;

const tfjsFixes: Record<string, string> = {
  'node-gpu':
    'optional: needs libtensorflow 2.9.1 with CUDA 11.2 + cuDNN 8.1, which its install script downloads (tensorflow/tfjs#8742); on GPU machines use implementation: torch instead',
  node: 'optional: `npm install @tensorflow/tfjs-node` needs to download libtensorflow 2.9.1; wasm is the default CPU backend',
  wasm: 'npm install @tensorflow/tfjs-backend-wasm (then run from the project folder)',
  cpu: 'npm install @tensorflow/tfjs-backend-cpu',
};

const pythonProbe = `
import json, sys
out = {"python": sys.version.split()[0]}
def version(name):
    try:
        return getattr(__import__(name), "__version__", "unknown")
    except Exception:
        return None
try:
    import torch
    out["torch"] = torch.__version__
    out["cuda_build"] = torch.version.cuda
    out["cuda_available"] = bool(torch.cuda.is_available())
    out["devices"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())] if out["cuda_available"] else []
    out["bf16"] = bool(out["cuda_available"] and torch.cuda.is_bf16_supported())
except Exception as error:
    out["torch"] = None
    out["error"] = str(error).splitlines()[0] if str(error) else type(error).__name__
out["transformers"] = version("transformers")
out["peft"] = version("peft")
print(json.dumps(out))
`;

function getFirstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim()) ?? '').trim().slice(0, 240);
}

async function probeTfjsBackend(backend: (typeof tfjsBackends)[number], root: string): Promise<DoctorCheck> {
  const script = [
    `await import('@tensorflow/tfjs');`,
    `await import('${backend.module}');`,
    `const tf = await import('@tensorflow/tfjs-core');`,
    `if (!(await tf.setBackend('${backend.registry}'))) throw new Error('tf.setBackend("${backend.registry}") returned false');`,
    `await tf.ready(); console.log(tf.getBackend());`,
  ].join('\n');
  const result = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: root, reject: false, timeout: probeTimeoutMs });
  if (result.exitCode === 0) return { group: 'tfjs', name: backend.name, ok: true, detail: `${backend.module} loads` };
  const reason = result.stderr.includes(`Cannot find package '${backend.module}'`)
    ? `${backend.module} is not installed`
    : getFirstLine(result.stderr.split('\n').find((line) => /Error/.test(line)) ?? result.stderr) || `exit ${result.exitCode}`;
  return { group: 'tfjs', name: backend.name, ok: false, detail: reason, fix: tfjsFixes[backend.name] };
}

async function probePython(path: string): Promise<PythonProbe> {
  const result = await execa(path, ['-c', pythonProbe], { reject: false, timeout: probeTimeoutMs });
  if (result.exitCode !== 0) return { path, error: getFirstLine(result.stderr) || `exit ${result.exitCode}` };
  try {
    return { path, ...(JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '') as Omit<PythonProbe, 'path'>) };
  } catch {
    return { path, error: `unexpected probe output: ${getFirstLine(result.stdout)}` };
  }
}

/** `python3` on PATH (what a manifest's `python3` runs), SER_FLOW_PYTHON, and the system python3. */
async function getPythonPaths(env: NodeJS.ProcessEnv): Promise<string[]> {
  const which = await execa('sh', ['-c', 'command -v python3'], { reject: false, env });
  const paths = [which.exitCode === 0 ? which.stdout.trim() : '', env.SER_FLOW_PYTHON ?? '', '/usr/bin/python3'];
  return [...new Set(paths.filter((path) => path && existsSync(path)))];
}

/**
 * The rule of steps/sdk-py's interpreter.py (SER_FLOW_PYTHON wins; else python3 on PATH if it has torch;
 * else the system one), applied to the probes already made. The engine cannot import steps/, and asking
 * Python would cost another probe per interpreter, so this is the one TS copy; only the doctor uses it.
 */
function getTorchPython(pythons: PythonProbe[], env: NodeJS.ProcessEnv): string | null {
  const withTorch = (path: string | undefined) => pythons.find((p) => p.path === path && p.torch)?.path ?? null;
  if (env.SER_FLOW_PYTHON) return withTorch(env.SER_FLOW_PYTHON);
  return pythons.map((p) => withTorch(p.path)).find(Boolean) ?? null;
}

/** What the engine's GPU lease sees from nvidia-smi (engine/devices), ignoring SER_FLOW_GPUS, which simulates GPUs. */
function probeNvidiaSmi(env: NodeJS.ProcessEnv): DoctorCheck {
  const { devices } = discoverDevices({ env: { ...env, SER_FLOW_GPUS: undefined, SER_FLOW_CPU_SLOTS: undefined } });
  if (devices.length > 0) {
    const listed = devices.map((d) => [d.id, d.name, d.memoryMiB === undefined ? undefined : `${d.memoryMiB} MiB`].filter(Boolean).join(', '));
    return { group: 'gpu', name: 'nvidia-smi', ok: true, detail: `${devices.length} GPU(s): ${listed.join('; ')}` };
  }
  return { group: 'gpu', name: 'nvidia-smi', ok: false, detail: 'nvidia-smi is missing, fails, or lists no GPU', fix: 'no NVIDIA GPU/driver here: GPU work needs a GPU machine (or the slurm executor)' };
}

function getPythonChecks(pythons: PythonProbe[], torchPython: string | null): DoctorCheck[] {
  const checks: DoctorCheck[] = pythons.map((p) => ({
    group: 'python',
    name: p.path,
    // A Python without torch is fine when another one has it: the torch plugins re-execute with that one.
    ok: !!p.python && (!!p.torch || torchPython !== null),
    detail: p.python
      ? `Python ${p.python}; torch ${p.torch ?? 'missing'}${p.torch ? ` (CUDA build ${p.cuda_build ?? 'none'})` : ''}; transformers ${p.transformers ?? 'missing'}; peft ${p.peft ?? 'missing'}`
      : `does not run: ${p.error}`,
    ...(p.torch || torchPython ? {} : { fix: 'apt-get install python3-torch (Debian, CPU), or pip install torch; or set SER_FLOW_PYTHON to a Python with torch' }),
  }));
  if (pythons.length === 0) {
    checks.push({ group: 'python', name: 'python3', ok: false, detail: 'no python3 found', fix: 'apt-get install python3 python3-torch' });
  }
  const chosen = pythons.find((p) => p.path === torchPython);
  const cuda = chosen?.cuda_available === true;
  checks.push({
    group: 'gpu',
    name: 'torch CUDA',
    ok: cuda,
    detail: cuda ? `${chosen!.devices!.length} device(s): ${chosen!.devices!.join(', ')}${chosen!.bf16 ? ' (bf16)' : ''}` : chosen ? `torch ${chosen.torch} sees no CUDA device (CUDA_VISIBLE_DEVICES=${process.env.CUDA_VISIBLE_DEVICES ?? 'unset'})` : 'no torch',
    ...(cuda ? {} : { fix: 'install a CUDA build of torch (pip install torch) on a machine with an NVIDIA driver; torch steps run on CPU meanwhile' }),
  });
  return checks;
}

function getImplementationChecks(checks: DoctorCheck[], pythons: PythonProbe[], torchPython: string | null): DoctorCheck[] {
  const tfjs = checks.filter((c) => c.group === 'tfjs' && c.ok).map((c) => c.name);
  const chosen = pythons.find((p) => p.path === torchPython);
  const hf = !!(chosen?.transformers && chosen.peft);
  return [
    { group: 'implementation', name: 'tfjs', ok: tfjs.length > 0, detail: tfjs.length ? `backends: ${tfjs.join(', ')} (auto picks ${tfjs[0]})` : 'no TF.js backend loads', ...(tfjs.length ? {} : { fix: tfjsFixes.wasm }) },
    {
      group: 'implementation',
      name: 'torch',
      ok: !!chosen,
      detail: chosen ? `${chosen.path}: torch ${chosen.torch} on ${chosen.cuda_available ? 'cuda' : 'cpu'} (models bag, transformer${hf ? ', hf' : ''})` : 'no Python with torch',
      ...(chosen ? {} : { fix: 'apt-get install python3-torch, or pip install torch, or set SER_FLOW_PYTHON' }),
    },
    {
      group: 'implementation',
      name: 'torch model: hf (+LoRA)',
      ok: hf,
      detail: hf ? `transformers ${chosen!.transformers}, peft ${chosen!.peft}` : `transformers ${chosen?.transformers ?? 'missing'}, peft ${chosen?.peft ?? 'missing'}`,
      ...(hf ? {} : { fix: `${chosen ? chosen.path : 'python3'} -m pip install transformers peft` }),
    },
  ];
}

/** Runs every probe (in parallel; each in its own process, so a crashing import cannot take doctor down). */
export async function collectDoctorReport(env: NodeJS.ProcessEnv = process.env): Promise<DoctorReport> {
  const root = getProjectRoot();
  const [tfjs, pythons] = await Promise.all([
    Promise.all(tfjsBackends.map((backend) => probeTfjsBackend(backend, root))),
    getPythonPaths(env).then((paths) => Promise.all(paths.map(probePython))),
  ]);
  const smi = probeNvidiaSmi(env);
  const torchPython = getTorchPython(pythons, env);
  const checks: DoctorCheck[] = [
    { group: 'node', name: 'node', ok: true, detail: `Node.js ${process.versions.node} (${process.execPath})` },
    ...tfjs,
    ...getPythonChecks(pythons, torchPython),
    smi,
  ];
  return { checks: [...checks, ...getImplementationChecks(checks, pythons, torchPython)], pythons, torchPython };
}

export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = [];
  let group = '';
  for (const check of report.checks) {
    if (check.group !== group) {
      group = check.group;
      lines.push(`${lines.length ? '\n' : ''}${group}:`);
    }
    lines.push(`  ${check.ok ? 'ok     ' : 'MISSING'} ${check.name}: ${check.detail}`);
    if (!check.ok && check.fix) lines.push(`          fix: ${check.fix}`);
  }
  lines.push('', `torch plugins run with: ${report.torchPython ?? 'none (install torch, see above)'}`);
  return lines.join('\n');
}

/** Prints the report; exits 0 whatever is missing (a missing piece is information, not failure). */
export async function doctorCommand(options: { json: boolean }): Promise<number> {
  const report = await collectDoctorReport();
  console.log(options.json ? JSON.stringify(report, null, 2) : formatDoctorReport(report));
  return 0;
}
