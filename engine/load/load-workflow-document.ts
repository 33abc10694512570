import { stringify } from 'yaml';
import { applyTemplates } from './apply-templates.js';
import { hasErrors, type Diagnostic } from './diagnostic.js';
import { makeSourceLocate, type Locate } from './locate.js';
import { makeOriginLocate } from './origin-map.js';
import { createReporter } from './reporter.js';
import { mergeExtendsChain, readExtendsChain } from './resolve-extends.js';
import { getSchemaDiagnostics } from './schema-diagnostics.js';
import { getPartialWorkflowValidator, getWorkflowValidator } from './workflow-validators.js';
import { parseYamlSource } from './yaml-source.js';
import { isMapping } from './is-mapping.js';

/** A workflow as one document: `extends` and `templates` resolved, every node locatable where it is written. */
export interface WorkflowDocument {
  /** The merged document (the file's own data when it uses neither extends nor templates). */
  data: unknown;
  /** Positions a path of `data` in the file (base file, template) that wrote it. */
  locate: Locate;
  /** The document as self-contained YAML: the file's own text when nothing was merged. */
  text: string;
}

/**
 * Parses a workflow file, follows its `extends` chain and expands its templates, then checks the result against
 * the workflow schema. Each file of a chain is first checked on its own with `required` relaxed; problems in
 * the chain or the templates stop before the merged document is checked. `document` is absent when there is
 * none to check further.
 */
export async function loadWorkflowDocument(options: { file: string; text: string }): Promise<{ document?: WorkflowDocument; diagnostics: Diagnostic[] }> {
  const source = parseYamlSource(options);
  if (source.data === undefined) return { diagnostics: source.diagnostics };
  if (!isMapping(source.data) || !isMerged(source.data)) {
    const locate = makeSourceLocate(source);
    const diagnostics = [...source.diagnostics, ...getSchemaDiagnostics({ locate, validate: getWorkflowValidator(), data: source.data, what: 'workflow' })];
    return { document: { data: source.data, locate, text: options.text }, diagnostics };
  }

  const chain = await readExtendsChain({ source, data: source.data });
  const diagnostics = [...source.diagnostics, ...chain.diagnostics];
  for (const layer of chain.layers) {
    diagnostics.push(...getSchemaDiagnostics({ locate: makeSourceLocate(layer.source), validate: getPartialWorkflowValidator(), data: layer.data, what: 'workflow' }));
  }
  if (isBlocked(diagnostics)) return { diagnostics };

  const merged = mergeExtendsChain(chain.layers);
  diagnostics.push(...merged.diagnostics);
  const locate = makeOriginLocate(merged.origins);
  const { report, diagnostics: templateDiagnostics } = createReporter(locate);
  // States that use one template would otherwise share its objects, and YAML would write them as aliases.
  const data = copyTree(applyTemplates({ data: merged.data, origins: merged.origins, report }));
  diagnostics.push(...templateDiagnostics);
  if (isBlocked(diagnostics)) return { diagnostics };

  diagnostics.push(...getSchemaDiagnostics({ locate, validate: getWorkflowValidator(), data, what: 'workflow' }));
  return { document: { data, locate, text: stringify(data, { lineWidth: 0 }) }, diagnostics };
}

/** Errors that leave nothing sound to merge or check further; a duplicate key still leaves a usable document (the last one wins). */
function isBlocked(diagnostics: Diagnostic[]): boolean {
  return hasErrors(diagnostics.filter((d) => d.code !== 'duplicate-key'));
}

/** Whether the file builds on another or uses templates, so that what runs is a merged document. */
function isMerged(data: Record<string, unknown>): boolean {
  return 'extends' in data || 'templates' in data || hasUses(data.states);
}

function hasUses(states: unknown): boolean {
  if (!isMapping(states)) return false;
  return Object.values(states).some(
    (state) => isMapping(state) && ('uses' in state || (isMapping(state.parallel) && Object.values(state.parallel).some((branch) => isMapping(branch) && hasUses(branch.states)))),
  );
}

/** A deep copy of parsed YAML data that, unlike structuredClone, shares no object between two places. */
function copyTree(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyTree);
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyTree(item)]));
  return value;
}
