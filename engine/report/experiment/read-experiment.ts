import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Workflow } from '../../../schemas/workflow-types.js';
import { getRunPaths } from '../../store/run-paths.js';
import { readRun } from '../read-run.js';
import { collectExperiment, type ExperimentData } from './collect-experiment.js';

/** A grid parent's frozen workflow, if it has one (a trials.json written by another tool may stand alone). */
function readGridWorkflow(runDir: string): Workflow | undefined {
  try {
    return parse(readFileSync(getRunPaths(runDir).workflow, 'utf8')) as Workflow;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The experiment of a grid run folder whose workflow has `report.experiment`; undefined otherwise. */
export async function readExperiment(runDir: string): Promise<ExperimentData | undefined> {
  // Only an experiment needs every trial's visits: check the workflow before reading them.
  if (!readGridWorkflow(runDir)?.report?.experiment) return undefined;
  const parent = await readRun(runDir);
  const spec = parent.workflow.report?.experiment;
  return spec ? collectExperiment(parent, spec) : undefined;
}
