// Generated from schemas/plugin.schema.json by scripts/gen-types.mjs. Do not edit.

/**
 * A JSON Schema of type object (inline), or `{$ref: path}` to a schema file relative to the manifest.
 */
export type IoSchema =
  | {
      $ref: string;
    }
  | {
      type: 'object';
      properties: {};
    };

/**
 * A step plugin's manifest (`plugin.yaml` in the plugin's folder).
 */
export interface PluginManifest {
  $schema?: string;
  name: string;
  version: string;
  description?: string;
  /**
   * Which implementation this is (e.g. `tfjs`, `torch`); recorded with the step's results.
   */
  implementation?: string;
  /**
   * argv (no shell). Elements starting with `./` or `../` resolve against the plugin folder; a leading `node` is the engine's own Node.js. The request file's path is appended as the last argument.
   *
   * @minItems 1
   */
  command: [string, ...string[]];
  inputs: IoSchema;
  outputs: IoSchema;
  resources?: {
    gpus?: number;
    cpus?: number;
  };
}
