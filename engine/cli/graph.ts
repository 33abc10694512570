import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Workflow } from '../../schemas/generated/workflow.js';
import { toMermaid, type MermaidOptions } from '../graph/to-mermaid.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { formatDiagnostics } from '../load/diagnostic.js';
import { parseWorkflowShape } from '../validate/parse-workflow-shape.js';
import { EXIT, ExitError } from './exit-error.js';

export interface GraphCommandOptions {
  cwd: string;
  /** A workflow file, or a run folder (path or id under ./runs) to show visited and current states. */
  target: string;
  print?: (text: string) => void;
}

/** Prints a Mermaid flowchart; only YAML and schema validity are required (plugins need not be installed). */
export async function graphCommand(options: GraphCommandOptions): Promise<number> {
  const { cwd, target, print = (text: string) => process.stdout.write(text) } = options;
  const runDir = findRunFolder(cwd, target);
  const file = runDir ? join(runDir, 'workflow.yaml') : resolve(cwd, target);
  if (!existsSync(file)) {
    throw new ExitError(EXIT.invalidInput, `graph: '${target}' is neither a workflow file nor a run folder (looked for ${resolve(cwd, target)} and ${resolve(cwd, 'runs', target)})`);
  }
  const { workflow, diagnostics } = await parseWorkflowShape(file);
  if (!workflow) throw new ExitError(EXIT.invalidInput, formatDiagnostics(diagnostics, { cwd }).join('\n'));
  print(toMermaid(workflow, runDir ? readRunProgress(runDir, workflow) : {}));
  return EXIT.ok;
}

function findRunFolder(cwd: string, target: string): string | undefined {
  for (const dir of [resolve(cwd, target), resolve(cwd, 'runs', target)]) {
    if (existsSync(dir) && statSync(dir).isDirectory() && existsSync(join(dir, 'workflow.yaml'))) return dir;
  }
  return undefined;
}

/** Visits and the current state from the run's persisted snapshot (absent or unreadable → no annotations). */
function readRunProgress(runDir: string, workflow: Workflow): MermaidOptions {
  const snapshot = readJsonIfPresentSync<Record<string, unknown>>(join(runDir, 'snapshot.json'));
  const inner = (snapshot?.snapshot ?? snapshot) as { value?: unknown; status?: unknown; context?: { visits?: unknown } } | undefined;
  const visits = inner?.context?.visits;
  const visited = isCountRecord(visits) ? visits : {};
  const value = typeof inner?.value === 'string' ? inner.value : undefined;
  const current = value && (value in workflow.states || value === 'done' || value === 'failed') ? value : undefined;
  return { visited, ...(current ? { current } : {}) };
}

function isCountRecord(value: unknown): value is Record<string, number> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'number');
}
