// The engine's view of a workflow: the merged, validated document, whose `start`, states and params are whole.
// The schema lets a file with `extends` leave them out or partial (its if/else), which json-schema-to-typescript
// ignores, so the generated root type (`WorkflowFile`) is the file's shape and `Workflow` is derived from it here.
import type { ParamFields, State, WorkflowFile } from './generated/workflow.js';

export type * from './generated/workflow.js';

/** A declared param (schema definitions.param). */
export type Param = ParamFields & Required<Pick<ParamFields, 'type'>>;

/** A merged, validated workflow (what every engine layer past load sees). */
export type Workflow = Omit<WorkflowFile, 'start' | 'states' | 'params'> & {
  start: NonNullable<WorkflowFile['start']>;
  states: { [name: string]: State };
  params?: { [name: string]: Param };
};
