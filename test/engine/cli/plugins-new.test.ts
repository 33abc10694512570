import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPlugin } from '../../../engine/plugins/load-plugin.js';
import { createAjv } from '../../../engine/load/create-ajv.js';
import { ROOT, runCli, STACK_LINE } from '../validate/cli-helper.js';

describe('plugins new: scaffold a step plugin', function () {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-new-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('creates plugin.yaml, main.mjs and README.md that pass validation and run outside the repository', async () => {
    // The scaffold imports 'ser-flow/sdk' by name: link the project in as `npm link ser-flow` would.
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'ser-flow'), 'dir');
    const created = runCli(['plugins', 'new', 'say-hello', '--dir', 'my-plugins'], { cwd: dir });
    assert.equal(created.status, 0, created.stdout + created.stderr);
    const pluginDir = join(dir, 'my-plugins', 'say-hello');
    assert.deepEqual(readdirSync(pluginDir).sort(), ['README.md', 'main.mjs', 'plugin.yaml']);
    assert.match(readFileSync(join(pluginDir, 'main.mjs'), 'utf8'), /^import \{ runStep \} from 'ser-flow\/sdk';$/m);
    assert.deepEqual(readdirSync(join(dir, 'my-plugins')), ['say-hello'], 'no staging folder left behind');

    writeFileSync(
      join(dir, 'hello.yaml'),
      ['name: hello', 'plugins: [my-plugins]', 'start: greet', 'states:', '  greet:', '    step: say-hello', '    with: { message: hi, repeat: 2 }', '    next: done', ''].join('\n'),
    );
    const validated = runCli(['validate', 'hello.yaml'], { cwd: dir });
    assert.equal(validated.status, 0, validated.stdout + validated.stderr);
    assert.match(validated.stdout, /^ok: hello, 1 states$/m);

    // Run the entry the way the engine does (argv + request file, cwd = output_dir) and check its result.
    const { plugin } = await loadPlugin(join(pluginDir, 'plugin.yaml'));
    assert.ok(plugin);
    const out = join(dir, 'out');
    mkdirSync(out);
    const request = {
      protocol: 1,
      run_id: 'test',
      state: 'greet',
      visit: 0,
      attempt: 1,
      plugin: { name: plugin.manifest.name, version: plugin.manifest.version, dir: pluginDir },
      inputs: { message: 'hi', repeat: 2 },
      output_dir: out,
      events_file: join(dir, 'events.jsonl'),
      seed: 1,
      gpus: [],
    };
    writeFileSync(join(dir, 'request.json'), JSON.stringify(request));
    const ran = spawnSync(process.execPath, [join(pluginDir, 'main.mjs'), join(dir, 'request.json')], { cwd: out, encoding: 'utf8' });
    assert.equal(ran.status, 0, ran.stderr);
    const events = readFileSync(request.events_file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; outputs?: unknown });
    const result = events.filter((e) => e.type === 'result').at(-1);
    assert.deepEqual(result?.outputs, { text: 'hi hi' });
    assert.ok(createAjv().validate(plugin.outputSchema, result?.outputs), 'outputs match the manifest');
    assert.equal(readFileSync(join(out, 'text.txt'), 'utf8'), 'hi hi');

    // Through the engine, with `repeat` left to its schema default.
    writeFileSync(join(dir, 'hello.yaml'), readFileSync(join(dir, 'hello.yaml'), 'utf8').replace('repeat: 2', 'repeat: 1').replace(', repeat: 1', ''));
    const run = runCli(['run', 'hello.yaml', '--run-dir', 'runs'], { cwd: dir });
    assert.equal(run.status, 0, `ser-flow run of the scaffolded plugin:\n${run.stdout}${run.stderr}`);
    const runId = readdirSync(join(dir, 'runs')).find((name) => name.startsWith('hello-'));
    assert.ok(runId, 'a run folder named after the workflow');
    const recorded = JSON.parse(readFileSync(join(dir, 'runs', runId, 'steps', 'greet', '0', 'result.json'), 'utf8')) as { outputs: unknown };
    assert.deepEqual(recorded.outputs, { text: 'hi' });
  });

  it('refuses a bad name or an existing folder with exit 2 and no stack trace', () => {
    const badName = runCli(['plugins', 'new', 'Say_Hello'], { cwd: dir });
    assert.equal(badName.status, 2);
    assert.match(badName.stderr, /'Say_Hello' is not a valid plugin name/);
    const again = runCli(['plugins', 'new', 'say-hello', '--dir', 'my-plugins'], { cwd: dir });
    assert.equal(again.status, 2);
    assert.match(again.stderr, /already exists/);
    assert.doesNotMatch(badName.stderr + again.stderr, STACK_LINE);
  });
});
