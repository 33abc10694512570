import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzCase, FuzzOutcome } from './fuzz/fuzz-worker.js';
import { makeRandom, mutateYaml } from './fuzz/mutate-yaml.js';
import { ROOT } from './cli-helper.js';

const COUNT = Number(process.env.FUZZ_COUNT ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const TIME_LIMIT_MS = 2000;
const MEMORY_LIMIT_MB = 512;

/** The shipped workflows, the test fixtures and every manifest: the corpus the mutator starts from. */
function getCorpus(): { kind: FuzzCase['kind']; file: string; text: string }[] {
  const yamlIn = (dir: string) => readdirSync(join(ROOT, dir)).filter((name) => name.endsWith('.yaml')).map((name) => join(ROOT, dir, name));
  const manifestsIn = (dir: string) => readdirSync(join(ROOT, dir)).map((name) => join(ROOT, dir, name, 'plugin.yaml'));
  const workflows = [...yamlIn('workflows'), ...yamlIn(join('test', 'fixtures', 'workflows'))];
  const manifests = [...manifestsIn(join('steps', 'plugins')), ...manifestsIn('test/plugins-fixtures')].filter((file) => {
    try {
      return readFileSync(file).length > 0;
    } catch {
      return false;
    }
  });
  return [...workflows.map((file) => ({ kind: 'workflow' as const, file })), ...manifests.map((file) => ({ kind: 'manifest' as const, file }))].map((entry) => ({
    ...entry,
    text: readFileSync(entry.file, 'utf8'),
  }));
}

/** Validates cases one by one in a memory-limited Worker; a case that overruns the time or memory limit ends its Worker. */
async function runCases(cases: FuzzCase[]): Promise<Map<number, string>> {
  const failures = new Map<number, string>();
  let worker: Worker | undefined;
  for (const input of cases) {
    worker ??= await startWorker();
    const current: Worker = worker;
    const outcome = await new Promise<FuzzOutcome>((resolve) => {
      const onMessage = (result: FuzzOutcome) => finish(result);
      const onError = (error: Error) => finish({ index: input.index, outcome: 'failure', reason: `worker died: ${error.message}` });
      const onExit = (code: number) => finish({ index: input.index, outcome: 'failure', reason: `worker exited with ${code}` });
      const timer = setTimeout(() => finish({ index: input.index, outcome: 'failure', reason: `took over ${TIME_LIMIT_MS} ms` }), TIME_LIMIT_MS);
      const finish = (result: FuzzOutcome) => {
        clearTimeout(timer);
        current.off('message', onMessage).off('error', onError).off('exit', onExit);
        resolve(result);
      };
      current.on('message', onMessage).on('error', onError).on('exit', onExit);
      current.postMessage(input);
    });
    if (outcome.outcome === 'failure') {
      failures.set(input.index, outcome.reason);
      // Not awaited: a Worker stuck in a long native call ends only when that call returns.
      void current.terminate();
      current.unref();
      worker = undefined;
    }
  }
  await worker?.terminate();
  return failures;
}

async function startWorker(): Promise<Worker> {
  const worker = new Worker(new URL('./fuzz/fuzz-worker.js', import.meta.url), {
    resourceLimits: { maxOldGenerationSizeMb: MEMORY_LIMIT_MB },
    env: { ...process.env, FUZZ_WARM_UP_FILE: join(ROOT, 'workflows', 'ser.yaml') },
  });
  await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return worker;
}

describe('validate: fuzzed workflows and manifests end as valid or located diagnostics', () => {
  it(`${COUNT} mutated inputs, each within ${TIME_LIMIT_MS} ms and ${MEMORY_LIMIT_MB} MB (FUZZ_SEED reproduces a run)`, async function () {
    this.timeout(10 * 60_000);
    console.log(`      fuzz: FUZZ_SEED=${SEED} FUZZ_COUNT=${COUNT}`);
    const random = makeRandom(SEED);
    const corpus = getCorpus();
    const cases: FuzzCase[] = Array.from({ length: COUNT }, (_, index) => {
      const original = corpus[Math.floor(random() * corpus.length)];
      return { index, kind: original.kind, file: original.file, text: mutateYaml(original.text, random) };
    });
    const started = Date.now();
    const failures = await runCases(cases);
    console.log(`      fuzz: ${COUNT} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s, ${failures.size} failures`);
    if (!failures.size) return;
    const dir = join(tmpdir(), `ser-flow-fuzz-${SEED}`);
    mkdirSync(dir, { recursive: true });
    const lines = [...failures].map(([index, reason]) => {
      const saved = join(dir, `${index}.yaml`);
      writeFileSync(saved, cases[index].text);
      return `#${index} (${cases[index].kind} from ${cases[index].file}, saved as ${saved}): ${reason.split('\n').slice(0, 3).join(' | ')}`;
    });
    assert.fail(`${failures.size} of ${COUNT} inputs failed (FUZZ_SEED=${SEED}):\n${lines.join('\n')}`);
  });
});
