#!/usr/bin/env node
// The single entry point: declares every command, loads its module lazily, maps errors to exit codes.
import { Command, CommanderError } from 'commander';
import { escapeControlCharacters } from '../load/diagnostic.js';
import { EXIT, ExitError } from './exit-error.js';

type Runner = () => Promise<number | void>;

/** Exit code of a bug in ser-flow itself (EX_SOFTWARE). */
const EXIT_INTERNAL = 70;

/** Collects repeated `--set key=value` flags (a null-prototype map: `--set __proto__=1` is just an unknown name). */
function collectSet(value: string, previous: Record<string, string>): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new ExitError(EXIT.invalidInput, `--set expects key=value, got "${value}"`);
  return Object.assign(Object.create(null) as Record<string, string>, previous, { [value.slice(0, eq)]: value.slice(eq + 1) });
}

async function execute(runner: Runner): Promise<void> {
  try {
    process.exitCode = (await runner()) ?? EXIT.ok;
  } catch (error) {
    reportError(error);
  }
}

/** User mistakes (ExitError) print their message alone; anything else is a bug and prints its stack with a request to report it. */
function reportError(error: unknown): void {
  if (error instanceof ExitError) {
    if (error.message) console.error(escapeControlCharacters(error.message));
    process.exitCode = error.code;
    return;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`ser-flow: internal error — please report it (with the command line) and this output, Node ${process.version}:\n${detail}`);
  process.exitCode = EXIT_INTERNAL;
}

function buildProgram(): Command {
  const cwd = process.cwd();
  const program = new Command('ser-flow')
    .description('Declarative YAML workflows for Self-Evolved Reward Learning')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(escapeControlCharacters(text)) })
    .showHelpAfterError();

  program
    .command('run <workflow>')
    .description('validate and run a workflow')
    .option('--set <key=value>', 'override a param (repeatable)', collectSet, {})
    .option('--run-dir <dir>', 'runs folder', 'runs')
    .option('--run-id <id>', 'explicit run id')
    .option('--no-cache', 'execute every step even when a cached result exists')
    .option('--verbose', 'off a terminal, also print every metric of every training step (run.log.jsonl always has them)')
    .action((workflow: string, o: { set: Record<string, string>; runDir: string; runId?: string; cache: boolean; verbose?: boolean }) =>
      execute(async () => (await import('./run.js')).runCommand({ cwd, workflow, set: o.set, runDir: o.runDir, runId: o.runId, cache: o.cache, verbose: !!o.verbose })),
    );
  program
    .command('resume <run>')
    .description('continue an interrupted run from its last snapshot, or redrive a failed one from the state that failed (finished steps are never re-run)')
    .option('--verbose', 'off a terminal, also print every metric of every training step (run.log.jsonl always has them)')
    .action((run: string, o: { verbose?: boolean }) => execute(async () => (await import('./resume.js')).resumeCommand({ cwd, run, verbose: !!o.verbose })));
  program
    .command('status <run>')
    .description("print a run's state, visits and latest outputs")
    .option('--json', 'machine-readable output')
    .action((run: string, o: { json?: boolean }) => execute(async () => (await import('./status.js')).statusCommand({ cwd, run, json: !!o.json })));
  program
    .command('validate <workflow>')
    .description('check a workflow (YAML, schema, plugins, expressions) and print every problem as file:line:col')
    .option('--set <key=value>', 'override a param (repeatable)', collectSet, {})
    .action((workflow: string, o: { set: Record<string, string> }) =>
      execute(async () => (await import('./validate.js')).validateCommand({ cwd, workflow, set: o.set })),
    );
  program
    .command('plan <workflow>')
    .description('dry run: resolved params, states, plugin commands and grid trials; runs nothing')
    .option('--set <key=value>', 'override a param (repeatable)', collectSet, {})
    .option('--run-dir <dir>', 'runs folder (for cache decisions)', 'runs')
    .option('--no-cache', 'show every step as executed')
    .action((workflow: string, o: { set: Record<string, string>; runDir: string; cache: boolean }) =>
      execute(async () => (await import('./plan.js')).planCommand({ cwd, workflow, set: o.set, runDir: o.runDir, cache: o.cache })),
    );
  program
    .command('compare <run>')
    .description("rank a grid run's trials: params and final metrics per trial, best first")
    .option('--sort <state.output>', 'metric to rank by (default: grid.metric)')
    .option('--goal <goal>', 'maximize or minimize (default: grid.metric.goal)')
    .option('--json', 'machine-readable output')
    .option('--csv', 'CSV output')
    .option('--columns <a,b>', 'table: these params and state.output columns (default: varying params, the ranking metric, report.summary outputs that vary, as fit)')
    .option('--all', 'table: every param and metric column (as --json and --csv)')
    .option('--run-dir <dir>', 'runs folder, for a bare run id', 'runs')
    .action((run: string, o: { sort?: string; goal?: 'maximize' | 'minimize'; json?: boolean; csv?: boolean; all?: boolean; columns?: string; runDir: string }) =>
      execute(async () =>
        (await import('./compare.js')).compareCommand({
          cwd,
          run,
          runDir: o.runDir,
          ...(o.sort ? { sort: o.sort } : {}),
          ...(o.goal ? { goal: o.goal } : {}),
          ...(o.columns ? { columns: o.columns.split(',').map((c) => c.trim()).filter(Boolean) } : {}),
          json: !!o.json,
          csv: !!o.csv,
          all: !!o.all,
        }),
      ),
    );
  program
    .command('graph <workflowOrRun>')
    .description('print the workflow (or a run, with visited states) as a Mermaid flowchart')
    .action((target: string) => execute(async () => (await import('./graph.js')).graphCommand({ cwd, target })));
  program
    .command('report <run>')
    .description('write <run>/report.html: one self-contained page with the run graph, charts and grid results')
    .option('--baseline <name=run>', 'overlay another run on charts with `baselines: true` (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--open', 'print a file:// URL to open in a browser')
    .option('--run-dir <dir>', 'runs folder', 'runs')
    .action((run: string, o: { baseline: string[]; open?: boolean; runDir: string }) =>
      execute(async () => (await import('./report.js')).reportCommand({ cwd, run, baselines: o.baseline, open: !!o.open, runDir: o.runDir })),
    );
  program
    .command('watch <run>')
    .description('follow a run read-only: current state, step progress, latest metrics (Ctrl-C stops watching, not the run)')
    .option('--interval <ms>', 'poll interval in milliseconds', '1000')
    .option('--once', 'print one frame and exit')
    .option('--run-dir <dir>', 'runs folder', 'runs')
    .action((run: string, o: { interval: string; once?: boolean; runDir: string }) =>
      execute(async () => (await import('./watch.js')).watchCommand({ cwd, run, intervalMs: Number(o.interval), once: !!o.once, runDir: o.runDir })),
    );
  program
    .command('doctor')
    .description('show which step implementations and backends (TF.js, torch, CUDA, transformers) work here, with fixes')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => execute(async () => (await import('./doctor.js')).doctorCommand({ json: !!o.json })));
  const plugins = program.command('plugins').description('list or scaffold step plugins');
  plugins
    .command('list')
    .description('list the plugins found on the search path')
    .option('--plugin-path <dirs>', 'extra folders, colon-separated')
    .action((o: { pluginPath?: string }) =>
      execute(async () => (await import('./plugins-list.js')).pluginsListCommand({ cwd, pluginPath: o.pluginPath })),
    );
  plugins
    .command('new <name>')
    .description('scaffold a TypeScript step plugin that passes validation')
    .option('--dir <dir>', 'parent folder', 'plugins')
    .action((name: string, o: { dir: string }) => execute(async () => (await import('./plugins-new.js')).pluginsNewCommand({ cwd, name, dir: o.dir })));
  program
    .command('data')
    .description('dataset files')
    .command('pull <dataset>')
    .description('download a dataset file (Hugging Face owner/name + --file, owner/name/path, or a URL) into the cache; resumable, sha256 recorded')
    .option('--file <path>', 'file inside the dataset repository')
    .option('--revision <rev>', 'branch, tag or commit', 'main')
    .option('--base-url <url>', 'hub address', 'https://huggingface.co')
    .option('--cache-dir <dir>', 'cache folder (default ~/.cache/ser-flow)')
    .option('--sha256 <hex>', 'expected checksum')
    .option('--force', 'download again even when cached')
    .action((dataset: string, o: { file?: string; revision: string; baseUrl: string; cacheDir?: string; sha256?: string; force?: boolean }) =>
      execute(async () => (await import('./data-pull.js')).dataPullCommand({ cwd, dataset, ...o })),
    );
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit 0; usage mistakes are invalid input.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  } else {
    reportError(error);
  }
}
