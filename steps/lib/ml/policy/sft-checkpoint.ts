import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { AdamState } from './adam.js';
import type { PolicyParams } from './policy-params.js';
import { loadTensorFile, saveTensorFile } from './tensor-file.js';
import { packTrainerTensors, unpackTrainerTensors } from './trainer-tensors.js';
import type { SftProgress } from './train-sft.js';

/** `state.json` of an SFT checkpoint folder; the tensors sit in the `.bin` file it names. */
interface SftCheckpointJson {
  version: 1;
  progress: SftProgress;
  adamStep: number;
  tensors: string;
  /** What the run trains on: a checkpoint of another setup is not resumed. */
  fingerprint: string;
}

export interface SftCheckpoint {
  params: PolicyParams;
  adam: AdamState;
  progress: SftProgress;
}

/** Tensors first (`state-<epoch>-<batch>.bin`), then `state.json` atomically, then older `.bin` files: a crash leaves the previous checkpoint. */
export async function saveSftCheckpoint(dir: string, checkpoint: SftCheckpoint, fingerprint: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const { params, adam, progress } = checkpoint;
  const file = `state-${progress.epoch}-${progress.batch}.bin`;
  await saveTensorFile(join(dir, file), packTrainerTensors(params, adam));
  const json: SftCheckpointJson = { version: 1, progress, adamStep: adam.step, tensors: file, fingerprint };
  await writeFileAtomic(join(dir, 'state.json'), JSON.stringify(json) + '\n');
  for (const old of readdirSync(dir)) if (/^state-\d+-\d+\.bin$/.test(old) && old !== file) rmSync(join(dir, old), { force: true });
}

/**
 * The saved SFT state, or `{ reason }` when there is none to resume: no checkpoint, or one made for
 * other inputs (its fingerprint differs).
 */
export function loadSftCheckpoint(dir: string, fingerprint: string): SftCheckpoint | { reason: string } {
  const stateFile = join(dir, 'state.json');
  if (!existsSync(stateFile)) return { reason: 'no checkpoint' };
  const json = JSON.parse(readFileSync(stateFile, 'utf8')) as SftCheckpointJson;
  if (json.version !== 1) throw new Error(`${stateFile}: checkpoint version ${json.version} is not supported; delete ${dir} to train from scratch`);
  if (json.fingerprint !== fingerprint) return { reason: `${stateFile} was made for other inputs (${json.fingerprint}, now ${fingerprint})` };
  const file = join(dir, json.tensors);
  return { ...unpackTrainerTensors(loadTensorFile(file), json.adamStep, { file, dir }), progress: json.progress };
}
