import { pathToFileURL } from 'node:url';
import { writeReport } from '../report/build-report.js';
import { findRunDir } from '../store/find-run-dir.js';
import { EXIT, ExitError } from './exit-error.js';

export interface ReportCommandOptions {
  cwd: string;
  /** A run folder, or a run id under `runDir`. */
  run: string;
  runDir?: string;
  /** `name=<run>` pairs: runs whose outputs charts with `baselines: true` overlay. */
  baselines?: string[];
  /** Print a file:// URL to open in a browser. */
  open?: boolean;
  write?: (text: string) => void;
}

async function locateOrThrow(cwd: string, run: string, runDir: string, what: string): Promise<string> {
  const dir = findRunDir(cwd, run, runDir);
  if (!dir) {
    throw new ExitError(EXIT.invalidInput, `report: no ${what} "${run}": not a run folder and not a run id under ${runDir}/ (a run folder holds workflow.yaml and run.json)`);
  }
  return dir;
}

async function locateBaselines(cwd: string, pairs: string[], runDir: string): Promise<{ name: string; dir: string }[]> {
  const baselines: { name: string; dir: string }[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) {
      throw new ExitError(EXIT.invalidInput, `report: --baseline expects name=<run>, got "${pair}" (e.g. --baseline previous=runs/my-workflow-20250101-120000-ab12)`);
    }
    const name = pair.slice(0, eq);
    if (baselines.some((b) => b.name === name)) throw new ExitError(EXIT.invalidInput, `report: baseline name "${name}" is given twice; use distinct names`);
    baselines.push({ name, dir: await locateOrThrow(cwd, pair.slice(eq + 1), runDir, `baseline run for "${name}"`) });
  }
  return baselines;
}

/** `ser-flow report <run>`: writes `<run>/report.html`, one self-contained page with charts and the run graph. */
export async function reportCommand(options: ReportCommandOptions): Promise<number> {
  const { cwd, run, runDir = 'runs', baselines = [], open = false, write = (t) => process.stdout.write(t) } = options;
  const dir = await locateOrThrow(cwd, run, runDir, 'run');
  const baselineDirs = await locateBaselines(cwd, baselines, runDir);
  let file: string;
  try {
    ({ file } = await writeReport({ runDir: dir, baselines: baselineDirs }));
  } catch (error) {
    throw new ExitError(EXIT.invalidInput, `report: cannot read ${dir}: ${(error as Error).message}`, { cause: error });
  }
  write(`${open ? pathToFileURL(file).href : file}\n`);
  return EXIT.ok;
}
