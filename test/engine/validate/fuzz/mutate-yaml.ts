/** A seeded PRNG (mulberry32): the same seed gives the same mutations on every machine. */
export function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** Values a careless or hostile author might put where a scalar was: other types, YAML tricks, extremes. */
function makeReplacement(random: Random): string {
  const depth = 1 + Math.floor(random() * 3000);
  return pick(random, [
    () => '42',
    () => '-1.5',
    () => '[1, two, 3]',
    () => '{a: 1, b: [x]}',
    () => 'null',
    () => '~',
    () => '""',
    () => '*x',
    () => '&x 7',
    () => '*nope',
    () => '1e300',
    () => '1e400',
    () => '99999999999999999999999',
    () => 'true',
    () => '!!binary aGk=',
    () => '!custom x',
    () => '"a\\u0000b\\rc\\u2028d\\u001b[2J"',
    () => 'a\rb\u0000c\u2028d',
    () => '['.repeat(depth) + ']'.repeat(depth),
    () => '{a: '.repeat(Math.min(depth, 500)) + '1' + '}'.repeat(Math.min(depth, 500)),
    () => 'x'.repeat(20_000 + Math.floor(random() * 100_000)),
    () => '"${{ ' + '('.repeat(depth) + '1' + ')'.repeat(depth) + ' }}"',
    () => '"${{ ' + Array.from({ length: depth }, () => 'params.a').join(' + ') + ' }}"',
    () => '"${{ params.__proto__ }}"',
    () => '"${{ states.x.outputs.constructor }}"',
    () => '"${{ unclosed"',
    () => '__proto__',
  ])();
}

const KEYS = ['__proto__', 'constructor', 'toString', 'matrix', 'include', 'exclude', 'states', 'params', 'next', 'with', 'step', 'grid', 'inputs', 'outputs', 'command', 'if', 'x'];

/** One mutation: delete, duplicate, swap, re-type a scalar, rename a key, re-indent, truncate, or add an alias bomb. */
function mutateOnce(text: string, random: Random): string {
  const lines = text.split('\n');
  const at = Math.floor(random() * lines.length);
  const other = Math.floor(random() * lines.length);
  switch (Math.floor(random() * 16)) {
    case 0:
      lines.splice(at, 1);
      break;
    case 1:
      lines.splice(at, 0, lines[at]);
      break;
    case 2:
      [lines[at], lines[other]] = [lines[other], lines[at]];
      break;
    case 3:
    case 4:
    case 8:
    case 9:
    case 10:
    case 11:
    case 12: {
      const match = /^(\s*(?:- )?[^\s:#][^:#]*:\s)(.*)$/.exec(lines[at]) ?? /^(\s*- )(.*)$/.exec(lines[at]);
      lines[at] = match ? match[1] + makeReplacement(random) : `${lines[at]} ${makeReplacement(random)}`;
      break;
    }
    case 5:
    case 13:
      lines[at] = lines[at].replace(/^(\s*(?:- )?)[\w$-]+:/, `$1${pick(random, KEYS)}:`);
      break;
    case 6:
      lines[at] = random() < 0.5 ? `  ${lines[at]}` : lines[at].replace(/^ {1,2}/, '');
      break;
    case 7:
    case 14:
      return text.slice(0, Math.floor(random() * text.length));
    default:
      return ['x0: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]', ...Array.from({ length: 6 }, (_, i) => `x${i + 1}: &${'abcdefg'[i + 1]} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`), text].join('\n');
  }
  return lines.join('\n');
}

/** 1–3 mutations of `text`. */
export function mutateYaml(text: string, random: Random): string {
  let result = text;
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) result = mutateOnce(result, random);
  return result;
}
