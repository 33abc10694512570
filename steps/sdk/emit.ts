import { appendFileSync } from 'node:fs';
import type { StepEvent } from '../../schemas/generated/events.js';

/** Appends one event line synchronously, so a result is on disk before the process exits. */
export function makeEmitter(eventsFile: string): (event: StepEvent) => void {
  return (event) => appendFileSync(eventsFile, JSON.stringify({ ...event, t: Date.now() }) + '\n');
}
