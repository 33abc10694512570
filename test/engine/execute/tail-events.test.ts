import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepEvent } from '../../../schemas/generated/events.js';
import { tailEvents } from '../../../engine/execute/tail-events.js';

describe('tailEvents', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-flow-tail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('delivers valid events, reports bad lines with their number, and drains a last line without newline', async () => {
    const file = join(dir, 'events.jsonl');
    writeFileSync(file, '');
    const events: StepEvent[] = [];
    const invalid: string[] = [];
    const tail = tailEvents({ file, onEvent: (e) => events.push(e), onInvalid: (line, reason) => invalid.push(`${line}: ${reason}`), intervalMs: 10 });
    appendFileSync(file, '{"type":"progress","current":1,"total":2}\n');
    appendFileSync(file, 'not json\n{"type":"metric","name":"loss"}\n');
    // Split in the middle of a line and of a multi-byte character.
    const last = Buffer.from('{"type":"result","outputs":{"msg":"héllo"}}');
    appendFileSync(file, last.subarray(0, 36));
    await new Promise((resolve) => setTimeout(resolve, 50));
    appendFileSync(file, last.subarray(36));
    await tail.stop();
    assert.deepEqual(events, [
      { type: 'progress', current: 1, total: 2 },
      { type: 'result', outputs: { msg: 'héllo' } },
    ]);
    assert.equal(invalid.length, 2);
    assert.match(invalid[0], /^2: not JSON/);
    assert.match(invalid[1], /^3: not a valid event/);
  });
});
