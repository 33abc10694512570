import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import type { StepEvent } from '../../schemas/generated/events.js';
import { describeErrors, getEventValidator } from './get-validator.js';

export interface EventTail {
  /** Reads what is left (the plugin has exited) and stops polling. */
  stop(): Promise<void>;
}

export interface TailOptions {
  file: string;
  onEvent: (event: StepEvent) => void;
  /** A line that is not a valid event: reported, never fatal. */
  onInvalid: (line: number, reason: string) => void;
  intervalMs?: number;
}

/** Follows a plugin's events.jsonl while it runs (polling, ~100 ms), validating each complete line. */
export function tailEvents({ file, onEvent, onInvalid, intervalMs = 100 }: TailOptions): EventTail {
  const validate = getEventValidator();
  let offset = 0;
  let partial = '';
  const decoder = new StringDecoder('utf8');
  let lineNumber = 0;
  let reading: Promise<void> = Promise.resolve();

  const handleLine = (text: string) => {
    lineNumber += 1;
    if (!text.trim()) return;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      onInvalid(lineNumber, `not JSON (${(error as Error).message})`);
      return;
    }
    if (!validate(event)) onInvalid(lineNumber, `not a valid event: ${describeErrors(validate)}`);
    else onEvent(event as StepEvent);
  };

  const handleChunk = (buffer: Buffer, bytesRead: number) => {
    offset += bytesRead;
    const lines = (partial + decoder.write(buffer.subarray(0, bytesRead))).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(handleLine);
  };

  const readNew = async () => {
    const handle = await open(file, 'r').catch(() => undefined);
    if (!handle) return;
    try {
      for (;;) {
        const buffer = Buffer.alloc(64 * 1024);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
        if (bytesRead === 0) break;
        handleChunk(buffer, bytesRead);
      }
    } finally {
      await handle.close();
    }
  };

  // The drain after exit reads synchronously: the rest is small and in the page cache, while the thread
  // pool may be queued behind other steps' fsyncs (the next step waits for this one's lease).
  const readRestSync = () => {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return;
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      for (let bytesRead; (bytesRead = readSync(fd, buffer, 0, buffer.length, offset)) > 0; ) handleChunk(buffer, bytesRead);
    } finally {
      closeSync(fd);
    }
  };

  const readSafely = () => readNew().catch((error: Error) => onInvalid(lineNumber + 1, `could not read ${file}: ${error.message}`));
  const timer = setInterval(() => {
    reading = reading.then(readSafely);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await reading;
      try {
        readRestSync();
      } catch (error) {
        onInvalid(lineNumber + 1, `could not read ${file}: ${(error as Error).message}`);
      }
      // A last line without a newline still counts: the plugin has exited.
      if (partial) handleLine(partial);
      partial = '';
    },
  };
}
