import type { LoadedPlugin, PluginIdentity } from '../plugins/loaded-plugin.js';
import { readJsonIfPresentSync } from '../store/read-json.js';
import { writeJsonDurable } from '../store/write-json.js';
import { getValidator } from './get-validator.js';

/** `steps/<state>/<visit>/result.json`: written once a visit succeeded; its presence means "never run again". */
export interface RecordedResult {
  state: string;
  visit: number;
  attempt: number;
  plugin: PluginIdentity;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
  finished_at: string;
}

/** Atomic and fsync'd: success is reported only after this resolves. */
export function writeRecordedResult(file: string, result: RecordedResult): Promise<void> {
  return writeJsonDurable(file, result);
}

/** The recorded result when present and its outputs still satisfy the plugin's output schema; else undefined. */
export function readRecordedResult(file: string, plugin: LoadedPlugin): RecordedResult | undefined {
  const recorded = readJsonIfPresentSync<RecordedResult>(file);
  const outputs = recorded?.outputs;
  if (typeof outputs !== 'object' || outputs === null) return undefined;
  return getValidator(plugin.outputSchema)(outputs) ? recorded : undefined;
}
