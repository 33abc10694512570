import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildDatasetLocation } from '../../../engine/data/build-url.js';
import { pullDataset } from '../../../engine/data/pull-dataset.js';
import { ROOT } from '../../steps/lib/ser/run-plugin.js';

const run = promisify(execFile);

describe('ser-flow data pull (loopback server only)', () => {
  const fixture = randomBytes(300_000);
  const sha = createHash('sha256').update(fixture).digest('hex');
  let server: Server;
  let base: string;
  let dir: string;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  /** When set, the next response sends this many bytes and then drops the connection. */
  let cutAfter: number | undefined;

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url!, headers: req.headers });
      if (req.url !== '/datasets/acme/prefs/resolve/main/data/train.jsonl.gz') {
        res.writeHead(404).end();
        return;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const body = fixture.subarray(start);
      res.writeHead(range ? 206 : 200, { 'content-length': body.length, ...(range ? { 'content-range': `bytes ${start}-${fixture.length - 1}/${fixture.length}` } : {}) });
      if (cutAfter !== undefined) {
        const n = cutAfter;
        cutAfter = undefined;
        res.write(body.subarray(0, n), () => setTimeout(() => res.socket?.destroy(), 50));
        return;
      }
      res.end(body);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ser-pull-'));
    seen.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds hub URLs from owner/name + file, owner/name/path, or a full URL', () => {
    const a = buildDatasetLocation({ dataset: 'Anthropic/hh-rlhf', file: 'harmless-base/test.jsonl.gz' });
    assert.equal(a.url, 'https://huggingface.co/datasets/Anthropic/hh-rlhf/resolve/main/harmless-base/test.jsonl.gz');
    assert.equal(buildDatasetLocation({ dataset: 'Anthropic/hh-rlhf/harmless-base/test.jsonl.gz', baseUrl: 'http://h/' }).url, 'http://h/datasets/Anthropic/hh-rlhf/resolve/main/harmless-base/test.jsonl.gz');
    assert.equal(buildDatasetLocation({ dataset: 'https://x.org/a/../b.json' }).cachePath, 'urls/x.org/b.json');
    assert.throws(() => buildDatasetLocation({ dataset: 'Anthropic/hh-rlhf' }), /--file/);
  });

  it('resumes an interrupted download with an HTTP Range request and records the sha256', async () => {
    cutAfter = 100_000;
    const options = { dataset: 'acme/prefs', file: 'data/train.jsonl.gz', baseUrl: base, cacheDir: dir };
    await assert.rejects(pullDataset(options));
    const target = join(dir, 'datasets/acme/prefs/main/data/train.jsonl.gz');
    const partial = statSync(`${target}.partial`).size;
    assert.ok(partial > 0 && partial < fixture.length, `partial file holds ${partial} bytes`);
    assert.equal(existsSync(target), false, 'nothing half-written in place');
    const pulled = await pullDataset(options);
    assert.equal(seen.at(-1)!.headers.range, `bytes=${partial}-`);
    assert.deepEqual([pulled.resumed_from, pulled.bytes, pulled.sha256, pulled.cached], [partial, fixture.length, sha, false]);
    assert.ok(readFileSync(target).equals(fixture));
    assert.equal(JSON.parse(readFileSync(`${target}.json`, 'utf8')).sha256, sha);
    const again = await pullDataset(options);
    assert.equal(again.cached, true);
    assert.equal(seen.length, 2, 'a cached file is not downloaded again');
  });

  it('runs as a CLI command: prints the path, fails on a checksum mismatch or a 404 with exit 1, on usage with 2', async () => {
    const cli = join(ROOT, 'dist/engine/cli/main.js');
    const args = ['data', 'pull', 'acme/prefs', '--file', 'data/train.jsonl.gz', '--base-url', base, '--cache-dir', dir];
    const ok = await run(process.execPath, [cli, ...args, '--sha256', sha]);
    assert.equal(ok.stdout.trim(), join(dir, 'datasets/acme/prefs/main/data/train.jsonl.gz'));
    assert.match(ok.stderr, new RegExp(`downloaded: .* \\(300000 bytes, sha256 ${sha}\\)`));
    const bad = await run(process.execPath, [cli, ...args, '--force', '--sha256', '0'.repeat(64)]).catch((e: { code: number; stderr: string }) => e);
    assert.equal((bad as { code: number }).code, 1);
    assert.match((bad as { stderr: string }).stderr, /sha256 is [0-9a-f]{64}, expected 0{64}/);
    const missing = await run(process.execPath, [cli, 'data', 'pull', 'acme/none/x.json', '--base-url', base, '--cache-dir', dir]).catch((e: { code: number; stderr: string }) => e);
    assert.equal((missing as { code: number }).code, 1);
    assert.match((missing as { stderr: string }).stderr, /answered 404/);
    const usage = await run(process.execPath, [cli, 'data', 'pull', 'acme', '--cache-dir', dir]).catch((e: { code: number; stderr: string }) => e);
    assert.equal((usage as { code: number }).code, 2);
  });
});
