import { readFileSync } from 'node:fs';
import type { StepRequest } from '../../schemas/generated/request.js';

/** The engine passes the request file as the last argument (and in SER_FLOW_REQUEST). */
export function readRequest(argv: string[] = process.argv, env = process.env): StepRequest {
  const path = env.SER_FLOW_REQUEST ?? argv.at(-1);
  if (!path || !path.endsWith('.json')) {
    throw new Error('no step request: run this plugin through ser-flow (it passes request.json as the last argument)');
  }
  return JSON.parse(readFileSync(path, 'utf8')) as StepRequest;
}
