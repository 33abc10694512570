import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { makeTempDir, readLines, runCli, WORKFLOWS } from './run-helpers.js';

/** A damaged dataset is the user's input: exit 2, the plugin's whole message, no stack, no retry. */
describe('ser-flow run on a bad dataset file', function () {
  this.timeout(120_000);
  let cwd: string;
  beforeEach(() => {
    cwd = makeTempDir();
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  async function runOn(name: string, content: Buffer | string): Promise<{ code: number; output: string; attempts: number; file: string }> {
    const file = join(cwd, name);
    writeFileSync(file, content);
    const result = await runCli(['run', join(WORKFLOWS, 'r-bad-dataset.yaml'), '--run-id', 'bad', '--set', `source=${file}`], cwd);
    const events = readLines(join(cwd, 'runs', 'bad', 'events.jsonl')).map((line) => JSON.parse(line) as { type: string });
    return { code: result.code, output: result.stdout + result.stderr, attempts: events.filter((e) => e.type === 'attempt-started').length, file };
  }

  function assertClean(run: { code: number; output: string; attempts: number }, pattern: RegExp): void {
    assert.equal(run.code, 2, run.output);
    assert.equal(run.attempts, 1, 'a bad input is not retried');
    assert.match(run.output, pattern);
    assert.doesNotMatch(run.output, /\n\s+at |node:internal/, 'no stack trace');
  }

  it('a truncated .gz: says it cannot decompress it, and why', async () => {
    const whole = gzipSync(Array.from({ length: 200 }, (_, i) => JSON.stringify({ prompt: `q${i}`, chosen: 'a', rejected: 'b' })).join('\n'));
    const run = await runOn('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    assertClean(run, /cut\.jsonl\.gz: cannot decompress \(unexpected end of file\); the gzip data is damaged or cut short: download or compress it again/);
  });

  it('a .gz that is not gzip: says so, in full (no 200-character cut)', async () => {
    const run = await runOn('plain.jsonl.gz', '{"prompt": "q", "chosen": "a", "rejected": "b"}\n');
    assertClean(run, /plain\.jsonl\.gz: cannot decompress \(incorrect header check\); it is not gzip data: recompress it, or drop the \.gz suffix if it is plain text/);
    const line = run.output.split('\n').find((l) => l.includes('rejected its input'))!;
    assert.ok(line.length > 200, 'the message is longer than the old cut, and whole');
  });

  it('an empty file: says it is empty', async () => {
    const run = await runOn('empty.jsonl', '');
    assertClean(run, /empty\.jsonl: the file is empty; give a data file with at least one record/);
  });

  it('a bad JSONL record: names the file and line', async () => {
    const run = await runOn('broken.jsonl', '{"prompt": "q", "chosen": "a", "rejected": "b"}\n{"prompt": \n');
    assertClean(run, /broken\.jsonl:2: not valid JSON/);
  });
});
