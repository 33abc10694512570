import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { EXIT, ExitError } from './exit-error.js';

export interface PluginsNewCommandOptions {
  cwd: string;
  name: string;
  /** Parent folder of the new plugin (default `plugins`, relative to cwd). */
  dir?: string;
  print?: (line: string) => void;
}

const NAME_PATTERN = /^[a-z][a-z0-9-]*$/;

/**
 * Scaffolds `<dir>/<name>/` with plugin.yaml, main.mjs and a README. The entry is plain ESM JavaScript
 * importing the SDK by name (`ser-flow/sdk`, the package's export), so it runs on Node 20 without a
 * TypeScript loader and wherever the plugin lives, once `ser-flow` resolves from its folder (README).
 * Files appear all at once (built in a temp folder, then renamed).
 */
export async function pluginsNewCommand(options: PluginsNewCommandOptions): Promise<number> {
  const { cwd, name, dir = 'plugins', print = (line: string) => console.log(line) } = options;
  if (!NAME_PATTERN.test(name)) {
    throw new ExitError(EXIT.invalidInput, `plugins new: '${name}' is not a valid plugin name; use lower-case letters, digits and '-', starting with a letter (e.g. score-pairs)`);
  }
  const target = resolve(cwd, dir, name);
  if (existsSync(target)) throw new ExitError(EXIT.invalidInput, `plugins new: ${target} already exists; pick another name or remove it`);
  await mkdir(dirname(target), { recursive: true });
  const staging = await mkdtemp(join(dirname(target), `.${name}-`));
  try {
    await writeFile(join(staging, 'plugin.yaml'), getManifest(name));
    await writeFile(join(staging, 'main.mjs'), getMain());
    await writeFile(join(staging, 'README.md'), getReadme(name, dir));
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  print(`created ${relative(cwd, target) || target}/ (plugin.yaml, main.mjs, README.md)`);
  print(`use it from a workflow with "plugins: [${dir}]" and "step: ${name}"`);
  return EXIT.ok;
}

function getManifest(name: string): string {
  return `# Step plugin manifest: schemas/plugin.schema.json in ser-flow.
name: ${name}
version: 0.1.0
description: Repeats a message (scaffolded by ser-flow plugins new; describe what it does).
command: [node, ./main.mjs]
inputs:
  type: object
  additionalProperties: false
  required: [message]
  properties:
    message: { type: string, description: Text to repeat. }
    repeat: { type: integer, minimum: 1, default: 1 }
outputs:
  type: object
  required: [text]
  properties:
    text: { type: string }
`;
}

function getMain(): string {
  return `// Entry of a ser-flow step plugin: the engine passes request.json as the last argument.
import { writeFileSync } from 'node:fs';
import { runStep } from 'ser-flow/sdk';

await runStep(async ({ inputs, request, signal, progress, metric, artifact, result }) => {
  // The engine fills in the input schema's defaults (repeat: 1) before the plugin starts.
  const { message, repeat } = inputs;
  const parts = [];
  for (let i = 0; i < repeat; i++) {
    if (signal.aborted) return; // SIGTERM: checkpoint to request.output_dir here, then return.
    parts.push(message);
    progress(i + 1, repeat);
  }
  const text = parts.join(' ');
  metric('length', text.length);
  // The working directory is the step's output_dir; files written there belong to this step.
  writeFileSync('text.txt', text);
  artifact('text', \`\${request.output_dir}/text.txt\`);
  result({ text });
});
`;
}

function getReadme(name: string, dir: string): string {
  return `# ${name}

A ser-flow step plugin (protocol: docs/protocol.md in ser-flow).

- \`plugin.yaml\`: name, version, \`command\`, and JSON Schemas for \`inputs\` and \`outputs\`
  (the engine validates \`with:\` against \`inputs\` before the run, and the result against \`outputs\`).
- \`main.mjs\`: the entry. It is plain JavaScript (ESM) and imports the SDK by name,
  \`import { runStep } from 'ser-flow/sdk'\`, so it runs on Node 20 as is. Node finds \`ser-flow\` in a
  \`node_modules\` folder at or above the plugin: inside a ser-flow checkout it resolves by itself; elsewhere
  run \`npm link\` once in the ser-flow folder and \`npm link ser-flow\` in the plugin's project, or add
  \`"ser-flow": "file:/path/to/ser-flow"\` (or a registry version) to that project's dependencies.
- Defaults: the engine fills in the \`default\` of every input before the plugin starts; a plugin run by
  hand gets only what its request holds.
- Bad input (a file that cannot be read, an impossible option): \`throw new StepInputError('what, where,
  how to fix')\` (also from \`ser-flow/sdk\`). The run then fails at once, without retries, with your
  message, and \`ser-flow run\` exits 2.
- Prefer TypeScript? Rename to \`main.ts\`, add types, and set \`command: [node, ./main.ts]\`: the engine
  starts \`.ts\` entries through tsx.

Use it from a workflow:

\`\`\`yaml
plugins: [${dir}]
states:
  hello:
    step: ${name}
    with: { message: hi, repeat: 2 }
    next: done
\`\`\`

Check with \`ser-flow validate <workflow>\`, try with \`ser-flow run <workflow>\`.
`;
}
