// Descendants that process-group killing cannot reach: `escaped` calls setsid (detached: true); `orphan` is
// started detached by an intermediate process that exits at once, so init adopts it.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';

const request = JSON.parse(readFileSync(process.env.SER_FLOW_REQUEST, 'utf8'));
const { pid_file: pidFile, kill_self: killSelf } = request.inputs;
if (killSelf) process.kill(process.pid, 'SIGKILL');
if (request.attempt > 1) {
  appendFileSync(request.events_file, JSON.stringify({ type: 'result', outputs: { attempt: request.attempt } }) + '\n');
  process.exit(0);
}
const hang = 'setInterval(() => {}, 1000)';
const escaped = spawn(process.execPath, ['-e', hang], { stdio: 'ignore', detached: true });
escaped.unref();
const starter = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(hang)}], { stdio: 'ignore', detached: true }); console.log(c.pid); c.unref();`;
const orphan = Number(spawnSync(process.execPath, ['-e', starter], { encoding: 'utf8' }).stdout.trim());
writeFileSync(pidFile, JSON.stringify({ parent: process.pid, escaped: escaped.pid, orphan }));
setInterval(() => {}, 1000);
