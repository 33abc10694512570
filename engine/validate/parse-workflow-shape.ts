import { readFile } from 'node:fs/promises';
import type { ValidateFunction } from 'ajv';
import type { Workflow } from '../../schemas/generated/workflow.js';
import { loadProjectSchema } from '../load/project-root.js';
import { parseYamlSource } from '../load/yaml-source.js';
import { createAjv } from '../load/create-ajv.js';
import type { Diagnostic } from '../load/diagnostic.js';
import { getSchemaDiagnostics } from '../load/schema-diagnostics.js';

let validator: ValidateFunction | undefined;

/** YAML + schema only (no plugins, no semantics): enough to draw or inspect a workflow. */
export async function parseWorkflowShape(file: string): Promise<{ workflow?: Workflow; diagnostics: Diagnostic[] }> {
  const source = parseYamlSource({ file, text: await readFile(file, 'utf8') });
  if (source.data === undefined) return { diagnostics: source.diagnostics };
  const diagnostics = [...source.diagnostics, ...getSchemaDiagnostics({ source, validate: getWorkflowValidator(), data: source.data, what: 'workflow' })];
  return diagnostics.length ? { diagnostics } : { workflow: source.data as Workflow, diagnostics };
}

/** The compiled workflow schema, shared by every loader. */
export function getWorkflowValidator(): ValidateFunction {
  validator ??= createAjv().compile(loadProjectSchema('workflow.schema.json'));
  return validator;
}
