import type { State } from '../../schemas/generated/workflow.js';
import { resolveTemplate, type ExprScope } from '../expr/index.js';

/**
 * A step's `with`, resolved against its scope. An input whose value is null is left out, so the plugin's
 * default applies (e.g. `init_model: ${{ vars.rm }}` before any RM exists); the request and cache key agree.
 */
export function resolveStepInputs(state: State, scope: ExprScope): Record<string, unknown> {
  const resolved = resolveTemplate(state.with ?? {}, scope) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(resolved).filter(([, value]) => value !== null));
}
