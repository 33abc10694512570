import { readRun } from '../read-run.js';
import { collectExperiment, type ExperimentData } from './collect-experiment.js';

/** The experiment of a grid run folder whose workflow has `report.experiment`; undefined otherwise. */
export async function readExperiment(runDir: string): Promise<ExperimentData | undefined> {
  const parent = await readRun(runDir);
  const spec = parent.workflow.report?.experiment;
  return spec ? collectExperiment(parent, spec) : undefined;
}
