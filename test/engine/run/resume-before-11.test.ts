import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getProjectRoot } from '../../../engine/load/project-root.js';

const run = promisify(execFile);
const ROOT = getProjectRoot();
const FIXTURE = join(ROOT, 'test', 'fixtures', 'run-folders', 'r-chain-before-11');

function replaceInFiles(dir: string, replacements: [string, string][]): void {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) replaceInFiles(path, replacements);
    else writeFileSync(path, replacements.reduce((text, [from, to]) => text.split(from).join(to), readFileSync(path, 'utf8')));
  }
}

describe('a run folder started before the #11 workflow language', () => {
  it('resumes with today\'s engine: the killed step runs again, the finished one does not', async function () {
    this.timeout(60_000);
    const tmp = mkdtempSync(join(tmpdir(), 'before-11-'));
    try {
      const { id } = JSON.parse(readFileSync(join(FIXTURE, 'run.json'), 'utf8')) as { id: string };
      const runDir = join(tmp, 'runs', id);
      cpSync(FIXTURE, runDir, { recursive: true });
      replaceInFiles(runDir, [['@RUN@', runDir], ['@TMP@', tmp], ['@ROOT@', ROOT]]);
      writeFileSync(join(tmp, 'counter'), 'a\nb\n');
      await run(process.execPath, [join(ROOT, 'dist', 'engine', 'cli', 'main.js'), 'resume', runDir], { cwd: ROOT });
      assert.equal((JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { status: string }).status, 'done');
      // a finished before the kill and is not run again; b (killed) and c run now.
      assert.deepEqual(readFileSync(join(tmp, 'counter'), 'utf8').trim().split('\n'), ['a', 'b', 'b', 'c']);
      const c = JSON.parse(readFileSync(join(runDir, 'steps', 'c', '0', 'result.json'), 'utf8')) as { outputs: { value: number } };
      assert.equal(typeof c.outputs.value, 'number');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
