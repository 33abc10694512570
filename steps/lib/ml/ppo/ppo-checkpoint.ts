import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { loadTensorFile, saveTensorFile } from '../policy/tensor-file.js';
import { packTrainerTensors, unpackTrainerTensors } from '../policy/trainer-tensors.js';
import type { KlControllerState } from './adaptive-kl.js';
import type { PpoMetrics, PpoState } from './ppo-trainer.js';

/** `state.json` of a PPO checkpoint folder; the tensors sit in the `.bin` file it names. */
interface CheckpointJson {
  version: 1;
  step: number;
  kl: KlControllerState;
  rngState: number;
  adamStep: number;
  tensors: string;
  /** Every finished step's metrics, so a resumed run still reports the whole curve. */
  history: PpoMetrics[];
}

/**
 * Saves the trainer state: the tensors go to `state-<step>.bin` first, then `state.json` (atomic)
 * points at it, then older `.bin` files go. A crash at any moment leaves the previous checkpoint usable.
 */
export async function savePpoCheckpoint(dir: string, state: PpoState, history: PpoMetrics[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const file = `state-${state.step}.bin`;
  await saveTensorFile(join(dir, file), packTrainerTensors(state.params, state.adam));
  const json: CheckpointJson = { version: 1, step: state.step, kl: state.kl, rngState: state.rngState, adamStep: state.adam.step, tensors: file, history };
  await writeFileAtomic(join(dir, 'state.json'), JSON.stringify(json) + '\n');
  for (const old of readdirSync(dir)) if (/^state-\d+\.bin$/.test(old) && old !== file) rmSync(join(dir, old), { force: true });
}

/** The saved trainer state and metric history, or undefined when `dir` holds no checkpoint. */
export function loadPpoCheckpoint(dir: string): { state: PpoState; history: PpoMetrics[] } | undefined {
  const stateFile = join(dir, 'state.json');
  if (!existsSync(stateFile)) return undefined;
  const json = JSON.parse(readFileSync(stateFile, 'utf8')) as CheckpointJson;
  if (json.version !== 1) throw new Error(`${stateFile}: checkpoint version ${json.version} is not supported; delete ${dir} to start PPO over`);
  const file = join(dir, json.tensors);
  const { params, adam } = unpackTrainerTensors(loadTensorFile(file), json.adamStep, { file, dir });
  return {
    state: { step: json.step, params, adam, kl: json.kl, rngState: json.rngState },
    history: json.history,
  };
}
