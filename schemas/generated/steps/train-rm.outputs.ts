// Generated from schemas/steps/train-rm.outputs.schema.json by scripts/gen-types.mjs. Do not edit.

export interface TrainRmOutputs {
  /**
   * The model folder (config.json, vocab.json, weights.bin).
   */
  model: string;
  /**
   * The backend that trained it (tfjs: node-gpu, node, wasm, cpu; torch: torch-cpu, torch-cuda).
   */
  backend: string;
  /**
   * tfjs or torch.
   */
  implementation: string;
  /**
   * torch: the device in words.
   */
  device?: string;
  train_pairs: number;
  /**
   * Mean training loss of the last epoch.
   */
  final_loss: number;
  /**
   * Strict accuracy (r_c > r_r) on dev; null or absent without dev.
   */
  dev_accuracy?: number | null;
  /**
   * Training throughput (pairs per second, all epochs).
   */
  pairs_per_second: number;
}
