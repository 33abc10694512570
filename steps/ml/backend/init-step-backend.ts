import { StepInputError, type Level } from '../../sdk/index.js';
import { initBackend, type BackendChoice } from './init-backend.js';

/** initBackend for a step plugin: each fallback and the choice are logged; a forced backend that fails is an input error. */
export async function initStepBackend(requested: string, log: (level: Level, message: string) => void): Promise<BackendChoice> {
  try {
    const choice = await initBackend(requested, (name, reason) => log('warn', `backend ${name} did not load (${reason}); trying the next`));
    log('info', `TF.js backend: ${choice.name} (${choice.reason})`);
    return choice;
  } catch (error) {
    throw new StepInputError(`input backend: ${(error as Error).message}`);
  }
}
