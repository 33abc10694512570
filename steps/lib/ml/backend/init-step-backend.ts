import { StepInputError, type Level } from '../../../sdk/index.js';
import { initBackend, type BackendChoice } from './init-backend.js';

/**
 * initBackend for a step plugin: the choice and each fallback are logged; a forced backend that fails is an
 * input error. A tfjs-node package that is not installed is the normal case (info); one that is installed
 * but fails to load is something the user set up that does not work (warning).
 */
export async function initStepBackend(requested: string, log: (level: Level, message: string) => void): Promise<BackendChoice> {
  try {
    const choice = await initBackend(requested, ({ name, reason, missing }) =>
      missing ? log('info', `backend ${name} skipped: ${reason}`) : log('warn', `backend ${name} did not load (${reason}); trying the next`),
    );
    log('info', `TF.js backend: ${choice.name} (${choice.reason})`);
    return choice;
  } catch (error) {
    throw new StepInputError(`input backend: ${(error as Error).message}`);
  }
}
