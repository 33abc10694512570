// Never finishes: spawns a child that also hangs (same process group), records {parent, child} pids.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const request = JSON.parse(readFileSync(process.env.SER_FLOW_REQUEST, 'utf8'));
const { pid_file: pidFile, ignore_term: ignoreTerm } = request.inputs;
const childCode = ignoreTerm ? "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)" : 'setInterval(() => {}, 1000)';
const child = spawn(process.execPath, ['-e', childCode], { stdio: 'ignore' });
if (ignoreTerm) process.on('SIGTERM', () => {});
writeFileSync(pidFile, JSON.stringify({ parent: process.pid, child: child.pid }));
setInterval(() => {}, 1000);
