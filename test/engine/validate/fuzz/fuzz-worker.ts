// Validates one input at a time for fuzz.test.ts, inside a Worker with a memory limit.
import { parentPort } from 'node:worker_threads';
import { formatDiagnostic, type Diagnostic } from '../../../../engine/load/diagnostic.js';
import { loadPlugin } from '../../../../engine/plugins/load-plugin.js';
import { loadWorkflow } from '../../../../engine/validate/load-workflow.js';

export interface FuzzCase {
  index: number;
  kind: 'workflow' | 'manifest';
  file: string;
  text: string;
}

export type FuzzOutcome = { index: number; outcome: 'valid' | 'diagnostics' } | { index: number; outcome: 'failure'; reason: string };

/** A raw control character, a line or paragraph separator: none may reach the terminal. */
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/;

function getProblem(d: Diagnostic): string | undefined {
  if (!d.file || !Number.isInteger(d.line) || !Number.isInteger(d.col) || d.line < 1 || d.col < 1) return `unlocated diagnostic ${JSON.stringify(d)}`;
  const line = formatDiagnostic(d);
  if (UNSAFE.test(line) || line.includes('\n')) return `diagnostic line with a raw control character or newline: ${JSON.stringify(line)}`;
  return undefined;
}

async function validateCase(input: FuzzCase): Promise<FuzzOutcome> {
  try {
    const { diagnostics } = input.kind === 'workflow' ? await loadWorkflow(input.file, { text: input.text }) : await loadPlugin(input.file, { text: input.text });
    const problem = diagnostics.map(getProblem).find(Boolean);
    if (problem) return { index: input.index, outcome: 'failure', reason: problem };
    return { index: input.index, outcome: diagnostics.some((d) => d.severity === 'error') ? 'diagnostics' : 'valid' };
  } catch (error) {
    return { index: input.index, outcome: 'failure', reason: `threw: ${(error as Error)?.stack ?? String(error)}` };
  }
}

// Warm up (schema compilation, plugin discovery) before saying ready, so a case's time limit measures the case alone.
const warmUp = process.env.FUZZ_WARM_UP_FILE;
if (warmUp) await loadWorkflow(warmUp);
parentPort?.on('message', (input: FuzzCase) => {
  void validateCase(input).then((outcome) => parentPort?.postMessage(outcome));
});
parentPort?.postMessage('ready');
