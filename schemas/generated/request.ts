// Generated from schemas/request.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * What the engine hands a plugin: written as JSON to a file whose path is the plugin's last argument (also in SER_FLOW_REQUEST).
 */
export interface StepRequest {
  protocol: 1;
  run_id: string;
  state: string;
  /**
   * 0-based count of earlier visits of this state in this run.
   */
  visit: number;
  attempt: number;
  plugin: {
    name: string;
    version: string;
    dir: string;
    implementation?: string;
  };
  /**
   * Resolved `with` values, valid against the manifest's input schema.
   */
  inputs: {};
  /**
   * The step's own folder for artifacts and checkpoints; kept across retry attempts of the same visit.
   */
  output_dir: string;
  /**
   * Append JSON-lines events here (see events.schema.json).
   */
  events_file: string;
  seed: number;
  /**
   * Leased GPU ids; also in CUDA_VISIBLE_DEVICES.
   */
  gpus: string[];
}
