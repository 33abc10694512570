import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const DISPLAY = fileURLToPath(new URL('../../../engine/log/progress-display.js', import.meta.url));

/** script(1) is installed and can open a pseudo-terminal here (a container may have no /dev/pts). */
function canOpenPty(): boolean {
  try {
    execFileSync('script', ['-qec', 'true', '/dev/null'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

// Two members of a for_each state report progress at once, with log lines between: what a block does on a terminal.
const PROGRAM = `
import { setTimeout as sleep } from 'node:timers/promises';
const { createConsoleDisplay } = await import(process.argv[2]);
const display = createConsoleDisplay();
for (let i = 1; i <= 4; i++) {
  display.update('score[0]', { current: i, total: 4, message: 'member 0' });
  display.update('score[10]', { current: i, total: 8, message: 'member 10' });
  display.print('line ' + i);
  await sleep(120);
}
display.remove('score[0]');
display.print('one left');
display.remove('score[10]');
display.stop();
`;

describe('progress bars of steps running at once (a real pty via script(1))', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ser-flow-bars-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('draws one bar per running state, lined up, and keeps every log line whole', async function () {
    if (!canOpenPty()) this.skip();
    const program = join(dir, 'bars.mjs');
    writeFileSync(program, PROGRAM);
    const typescript = join(dir, 'typescript');
    const result = await execa('script', ['-qec', `'${process.execPath}' '${program}' '${DISPLAY}'`, typescript], { reject: false });
    assert.equal(result.exitCode, 0, String(result.stdout) + String(result.stderr));
    // Each terminal control sequence (cursor moves, line clears) ends a piece of text: the pieces are what was drawn.
    const lines = readFileSync(typescript, 'utf8').split(/\x1b\[[0-9;?]*[A-Za-z]|\r\n|\r|\n/);
    for (const line of ['line 1', 'line 2', 'line 3', 'line 4', 'one left']) assert.ok(lines.includes(line), `${line} whole in\n${lines.join('\n')}`);
    const bars = lines.filter((line) => /^ score\[\d+\]/.test(line));
    assert.ok(bars.some((line) => line.includes('4/4 member 0')) && bars.some((line) => line.includes('4/8 member 10')), bars.join('\n'));
    // After the first redraw, both bars start at the same column.
    const columns = new Set(bars.slice(2).map((line) => line.indexOf(' [')));
    assert.equal(columns.size, 1, bars.join('\n'));
  });
});
