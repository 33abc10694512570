import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { cli, workflowsDir } from '../grid/run-cli.js';

/** script(1) is installed and can open a pseudo-terminal here (a container may have no /dev/pts). */
function canOpenPty(): boolean {
  try {
    execFileSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

describe('console on a terminal (a real pty via script(1))', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-tty-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every line, also while no progress bar is shown (cli-progress buffers those until a redraw)', async function () {
    if (!canOpenPty()) {
      console.log('    (skipped: script(1) from util-linux is missing or cannot open a pseudo-terminal here)');
      this.skip();
    }
    const typescript = join(dir, 'typescript');
    const command = [process.execPath, cli, 'run', join(workflowsDir, 'g-grid.yaml'), '--run-dir', join(dir, 'runs')].map((a) => `'${a}'`).join(' ');
    const result = await execa('script', ['-qec', command, typescript], { reject: false, env: { ...process.env, G_WORK_LOG: join(dir, 'steps.jsonl') } });
    assert.equal(result.exitCode, 0, String(result.stdout) + String(result.stderr));
    const text = readFileSync(typescript, 'utf8');
    for (const k of [0, 1, 2, 3]) {
      assert.match(text, new RegExp(`t${k} ▸ trial started`), `trial ${k}'s start line`);
      assert.match(text, new RegExp(`t${k} ▸ trial succeeded`), `trial ${k}'s end line`);
    }
    assert.match(text, /run g-grid-\S+ done/);
  });

  it('keeps every line on a terminal, training-step metrics included (only a console off a terminal leaves them out)', async function () {
    if (!canOpenPty()) this.skip();
    const typescript = join(dir, 'typescript');
    const command = [process.execPath, cli, 'run', join(workflowsDir, 'r-console.yaml'), '--run-dir', join(dir, 'runs')].map((a) => `'${a}'`).join(' ');
    const result = await execa('script', ['-qec', command, typescript], { reject: false });
    assert.equal(result.exitCode, 0, String(result.stdout) + String(result.stderr));
    const text = readFileSync(typescript, 'utf8');
    assert.equal(text.match(/grow ▸ loss = [\d.]+ \(step \d+\)/g)?.length, 150);
    assert.match(text, /attempt 1\/1 started/);
  });
});
