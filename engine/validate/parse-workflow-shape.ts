import { readFile } from 'node:fs/promises';
import type { Workflow } from '../../schemas/workflow-types.js';
import type { Diagnostic } from '../load/diagnostic.js';
import { loadWorkflowDocument } from '../load/load-workflow-document.js';

/** YAML + schema only (extends and templates resolved; no plugins, no semantics): enough to draw or inspect a workflow. */
export async function parseWorkflowShape(file: string): Promise<{ workflow?: Workflow; diagnostics: Diagnostic[] }> {
  const { document, diagnostics } = await loadWorkflowDocument({ file, text: await readFile(file, 'utf8') });
  return document && diagnostics.length === 0 ? { workflow: document.data as Workflow, diagnostics } : { diagnostics };
}
