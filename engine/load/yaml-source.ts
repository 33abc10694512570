import { LineCounter, isAlias, isCollection, isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Alias, type Document, type Node } from 'yaml';
import type { Diagnostic } from './diagnostic.js';

export type JsonPath = (string | number)[];

/** A parsed YAML file that remembers where every value came from. */
export interface YamlSource {
  file: string;
  text: string;
  /** Plain JS data (undefined when the text has no document). */
  data: unknown;
  /** 1-based position of the node at `path`; with `closest`, a missing node maps to its nearest parent. */
  positionOf(path: JsonPath, options?: { closest?: boolean; key?: boolean; offsetInValue?: number }): { line: number; col: number };
  /** YAML syntax errors and duplicate keys. */
  diagnostics: Diagnostic[];
}

/** Alias expansions allowed per document, the yaml package's guard against exponential "billion laughs" input. */
const MAX_ALIAS_COUNT = 1000;

/** Collections nested deeper than this are refused: no workflow or manifest needs it, and deep input costs quadratic time. */
const MAX_DEPTH = 64;

interface Located {
  node: Node | null;
  /** Byte offset of the node (or of its key, when asked for). */
  offset: number;
}

/** Parses YAML once, keeping a line map, and turns parser errors into diagnostics instead of throwing. */
export function parseYamlSource(options: { file: string; text: string }): YamlSource {
  const { file, text } = options;
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const toPos = (offset: number) => lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
  const diagnostics: Diagnostic[] = doc.errors.map((error) => {
    const { line, col } = toPos(error.pos[0]);
    const duplicate = error.code === 'DUPLICATE_KEY';
    return {
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate
        ? 'duplicate key: a YAML mapping may set each key only once; remove or rename one of them'
        : `YAML syntax error: ${getFirstLine(error.message)}`,
      file,
      line,
      col,
      path: [],
      severity: 'error',
    };
  });
  // Duplicate keys still leave a usable document (the last one wins), so later checks can run too.
  const fatal = doc.errors.some((error) => error.code !== 'DUPLICATE_KEY');
  const data = fatal ? undefined : getData({ doc, file, toPos, diagnostics });
  return {
    file,
    text,
    data,
    diagnostics,
    positionOf(path, positionOptions = {}) {
      const located = findNode(doc, path, positionOptions);
      let offset = located.offset;
      if (positionOptions.offsetInValue !== undefined && located.node) offset += getValueOffset({ text, node: located.node, index: positionOptions.offsetInValue });
      return toPos(offset);
    },
  };
}

/**
 * The document as plain data, or undefined with a diagnostic when an alias names no earlier anchor or
 * aliases expand past MAX_ALIAS_COUNT (a "billion laughs" file).
 */
function getData(options: { doc: Document; file: string; toPos: (offset: number) => { line: number; col: number }; diagnostics: Diagnostic[] }): unknown {
  const { doc, file, toPos, diagnostics } = options;
  const fail = (node: Node | undefined, message: string) => {
    const { line, col } = toPos(node?.range?.[0] ?? 0);
    diagnostics.push({ code: 'yaml-syntax', message, file, line, col, path: [], severity: 'error' });
    return undefined;
  };
  const { first, unresolved, tooDeep } = scanNodes(doc.contents as Node | null);
  if (tooDeep) return fail(tooDeep, `YAML nested deeper than ${MAX_DEPTH} levels; flatten the data`);
  if (unresolved) return fail(unresolved, `YAML alias *${unresolved.source} has no anchor &${unresolved.source} before it; set the anchor first or remove the alias`);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (!first) throw error;
    return fail(first, `YAML aliases expand to too much data (${getFirstLine((error as Error).message)}); use fewer or smaller aliases`);
  }
}

/**
 * One walk in document order: the first alias, the first alias naming no anchor set before it, and the first node
 * nested too deep. (yaml's own Alias.resolve and toJS walk the document with paths: quadratic in the depth.)
 */
function scanNodes(root: Node | null): { first?: Alias; unresolved?: Alias; tooDeep?: Node } {
  const anchors = new Set<string>();
  const found: { first?: Alias; unresolved?: Alias; tooDeep?: Node } = {};
  const walk = (node: unknown, depth: number): boolean => {
    if (isAlias(node)) {
      found.first ??= node;
      if (!anchors.has(node.source)) found.unresolved = node;
      return !!found.unresolved;
    }
    if (!isNode(node)) return false;
    if (node.anchor) anchors.add(node.anchor);
    if (!isCollection(node)) return false;
    if (depth > MAX_DEPTH) {
      found.tooDeep = node;
      return true;
    }
    return node.items.some((item) => (isPair(item) ? walk(item.key, depth + 1) || walk(item.value, depth + 1) : walk(item, depth + 1)));
  };
  walk(root, 1);
  return found;
}

/** Walks the YAML AST along `path`; stops at the deepest existing node when a segment is missing. */
function findNode(doc: Document, path: JsonPath, options: { closest?: boolean; key?: boolean }): Located {
  let node = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return { node, offset };
      const keyNode = pair.key as Node;
      const value = pair.value as Node | null;
      if (last && options.key) return { node: keyNode, offset: keyNode.range?.[0] ?? offset };
      node = value;
      offset = value?.range?.[0] ?? keyNode.range?.[0] ?? offset;
      if (!value) return { node: keyNode, offset };
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      return { node, offset };
    }
  }
  return { node, offset };
}

/** Offset of character `index` of a scalar's value inside the source (quotes skipped; block scalars fall back to the start). */
function getValueOffset(options: { text: string; node: Node; index: number }): number {
  const { text, node, index } = options;
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return 0;
  const source = text.slice(node.range[0], node.range[1]);
  if (source === node.value) return index;
  if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && source.slice(1, -1) === node.value) return index + 1;
  if (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') {
    // Escapes or folded lines: find the expression text itself.
    const probe = node.value.slice(index, index + 8);
    const found = probe ? source.indexOf(probe) : -1;
    if (found >= 0) return found;
  }
  return 0;
}

function getFirstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
