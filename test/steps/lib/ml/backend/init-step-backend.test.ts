import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { isInstalled } from '../fixtures/is-installed.js';

const moduleUrl = new URL('../../../../../steps/lib/ml/backend/init-step-backend.js', import.meta.url).href;

/** A fresh process: the backend is picked once per process, and other tests in this one may have picked it. */
async function initInFreshProcess(request: string): Promise<{ lines: { level: string; message: string }[]; error?: string }> {
  const script = `
    const { initStepBackend } = await import(${JSON.stringify(moduleUrl)});
    const lines = [];
    try {
      await initStepBackend(${JSON.stringify(request)}, (level, message) => lines.push({ level, message }));
      console.log(JSON.stringify({ lines }));
    } catch (error) {
      console.log(JSON.stringify({ lines, error: error.message }));
    }`;
  const { stdout } = await execa(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('initStepBackend', () => {
  it('logs the backend in use; an optional tfjs-node package that is not installed is info, not a warning', async function () {
    if (isInstalled('@tensorflow/tfjs-node-gpu') || isInstalled('@tensorflow/tfjs-node')) {
      console.log('    (skipped: a tfjs-node package is installed here, so auto does not fall back past it)');
      this.skip();
    }
    const { lines, error } = await initInFreshProcess('auto');
    assert.equal(error, undefined);
    assert.deepEqual(lines.map((l) => l.level), ['info', 'info', 'info'], JSON.stringify(lines));
    assert.match(lines[0]!.message, /^backend node-gpu skipped: @tensorflow\/tfjs-node-gpu is not installed/);
    assert.match(lines[1]!.message, /^backend node skipped: @tensorflow\/tfjs-node is not installed/);
    assert.match(lines[2]!.message, /^TF\.js backend: wasm \(first to load after node-gpu, node\)$/);
  });

  it('a forced backend that cannot load is an input error naming the fix', async function () {
    if (isInstalled('@tensorflow/tfjs-node-gpu')) this.skip();
    const { error } = await initInFreshProcess('node-gpu');
    assert.match(String(error), /^input backend: backend 'node-gpu' was requested but could not load: .*use backend 'auto'/);
  });
});
