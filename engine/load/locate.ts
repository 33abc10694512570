import type { JsonPath, YamlSource } from './yaml-source.js';

/** Where a node of the (possibly merged) document is written. */
export interface Location {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Appended to a message about the node, e.g. "(in template 't', used by state 's')". */
  note?: string;
}

export interface LocateOptions {
  /** A missing node maps to its nearest parent. */
  closest?: boolean;
  /** Point at the key rather than its value. */
  key?: boolean;
  /** Character offset inside a string value. */
  offsetInValue?: number;
}

/** Maps a document path to the text that wrote it. */
export type Locate = (path: JsonPath, options?: LocateOptions) => Location;

/** The locator of a single file: every path lies in `source` itself. */
export function makeSourceLocate(source: YamlSource): Locate {
  return (path, options = {}) => ({ file: source.file, ...source.positionOf(path, options) });
}

/** A message with the location's note, if any. */
export function addNote(message: string, location: Location): string {
  return location.note ? `${message} ${location.note}` : message;
}
