// Shared by the torch tests: which Python has torch, plugin argv from plugin.yaml, synthetic pairs.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { projectRoot } from '../../sdk-py/python-step.js';
import { makeRandomFromSeed } from '../../../../steps/lib/random/seeded-random.js';

let torchPython: string | null | undefined;

/** A Python that imports torch (python3 on PATH, else the system one), or null. */
export function getTorchPython(): string | null {
  if (torchPython !== undefined) return torchPython;
  torchPython = null;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import torch'], { stdio: 'ignore' });
      torchPython = candidate;
      break;
    } catch {
      // try the next one
    }
  }
  return torchPython;
}

/** Whether the torch Python also has transformers, peft and tokenizers (for model: hf). */
export function hasHfStack(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import transformers, peft, tokenizers'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const skipWithoutTorch = 'no python3 with torch here (install python3-torch: apt-get install -y python3-torch)';

export const torchPluginDir = (step: string) => join(projectRoot, 'steps', 'plugins', `${step}-torch`);

/** The manifest's command with ./ resolved against the plugin folder, as the engine runs it. */
export function getPluginArgv(step: string): string[] {
  const dir = torchPluginDir(step);
  const manifest = join(dir, 'plugin.yaml');
  if (!existsSync(manifest)) return ['python3', join(dir, 'main.py')];
  const command = (parse(readFileSync(manifest, 'utf8')) as { command: string[] }).command;
  return command.map((arg) => (arg.startsWith('./') || arg.startsWith('../') ? resolve(dir, arg) : arg));
}

export interface Pair {
  id: string;
  prompt: string;
  chosen: string;
  rejected: string;
}

const goodWords = ['clear', 'helpful', 'correct', 'polite', 'accurate', 'thorough'];
const badWords = ['rude', 'wrong', 'vague', 'useless', 'harmful', 'sloppy'];
const fillerWords = 'the a answer is this that it here you we so and then'.split(' ');



/**
 * A learnable synthetic preference task: the chosen answer has more "good" than "bad" words, with
 * noise (10 % of labels flipped) so accuracy is not trivially 100 %.
 */
export function makeSyntheticPairs(count: number, seed: number, prefix = 'p'): Pair[] {
  const random = makeRandomFromSeed(seed);
  const pick = (words: string[]) => words[Math.floor(random() * words.length)];
  const answer = (good: number, bad: number) => {
    const words = [...Array.from({ length: 8 }, () => pick(fillerWords)), ...Array.from({ length: good }, () => pick(goodWords)), ...Array.from({ length: bad }, () => pick(badWords))];
    for (let i = words.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [words[i], words[j]] = [words[j], words[i]];
    }
    return words.join(' ');
  };
  return Array.from({ length: count }, (_, i) => {
    const better = answer(2, 1);
    const worse = answer(1, 2);
    const flip = random() < 0.1;
    return { id: `${prefix}${i}`, prompt: `question number ${i % 13}?`, chosen: flip ? worse : better, rejected: flip ? better : worse };
  });
}

export function writeJsonl(file: string, rows: object[]): string {
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return file;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as T);
}
