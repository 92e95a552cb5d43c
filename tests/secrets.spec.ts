import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startEmulator, type EmulatorOptions } from 'jobrouter-emulator';
import { runCli } from './support/cli';

/**
 * Redaction, proved end to end: the real kit runs with a canary access key (HMAC) and a canary bearer token behind a
 * proxy that records every Authorization header sent; then every file under reports/ and test-results/, and the
 * run's stdout/stderr, are scanned for the key, the token and each signature value. None may appear.
 */

interface Recorder {
  readonly url: string;
  readonly credentials: Set<string>;
  close(): Promise<void>;
}

async function recordingProxy(upstream: string): Promise<Recorder> {
  const target = new URL(upstream);
  const credentials = new Set<string>();
  const server: Server = createServer((req, res) => {
    const auth = req.headers.authorization;
    const signature = auth ? /Signature=(.+)$/.exec(auth)?.[1] ?? /^Bearer (.+)$/.exec(auth)?.[1] : undefined;
    if (signature) credentials.add(signature);
    const upstreamReq = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', () => res.destroy());
    req.pipe(upstreamReq);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, credentials, close: () => new Promise((resolve) => server.close(() => resolve())) };
}


function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

/** The forms a secret could take once written: as is, URL-encoded, and (for the key) its decoded bytes. */
function formsOf(secret: string): string[] {
  return [secret, encodeURIComponent(secret)];
}

interface Scan {
  files: number;
  bytes: number;
  leaks: string[];
}

function scan(dirs: readonly string[], stdout: string, secrets: readonly string[]): Scan {
  const needles = [...new Set(secrets.flatMap(formsOf))].filter((n) => n.length >= 8);
  const result: Scan = { files: 0, bytes: Buffer.byteLength(stdout), leaks: [] };
  const check = (where: string, text: string): void => {
    for (const needle of needles) if (text.includes(needle)) result.leaks.push(`${where} contains ${needle.slice(0, 6)}…`);
  };
  check('stdout', stdout);
  for (const file of dirs.flatMap(filesUnder)) {
    const content = readFileSync(file);
    result.files += 1;
    result.bytes += content.length;
    // Zipped blobs and images are scanned as bytes too: latin1 keeps every byte.
    check(file, content.toString('latin1'));
  }
  return result;
}

const cases: { name: string; emulator: (secret: string) => EmulatorOptions; env: (secret: string, url: string) => Record<string, string>; secret: () => string }[] = [
  {
    name: 'HMAC access key',
    secret: () => Buffer.from(`CANARY-KEY-${randomBytes(12).toString('hex')}`).toString('base64'),
    // Faults make requirements fail, so failure messages and failed evidence are scanned too.
    emulator: (key) => ({ accessKey: key, faults: ['signature-not-checked', 'error-header-mismatch', 'cancel-keeps-capacity'] }),
    env: (key, url) => ({ JOBROUTER_ENDPOINT: url, JOBROUTER_ACCESS_KEY: key }),
  },
  {
    name: 'bearer token',
    secret: () => `canary-token.${randomBytes(24).toString('base64url')}`,
    emulator: (token) => ({ bearerTokens: [token] }),
    env: (token, url) => ({ JOBROUTER_ENDPOINT: url, JOBROUTER_BEARER_TOKEN: token }),
  },
];

test.describe('secrets never reach stdout, reports or test results', () => {
  test.describe.configure({ mode: 'parallel', timeout: 180_000 });
  for (const c of cases) {
    test(`a full run with a canary ${c.name} leaks neither it nor any signature`, async () => {
      const secret = c.secret();
      const emulator = await startEmulator({ port: 0, quiet: true, ...c.emulator(secret) });
      const proxy = await recordingProxy(emulator.url);
      const dir = join('.tmp', `canary-${c.name.replace(/\W+/g, '-')}`);
      rmSync(dir, { recursive: true, force: true });
      try {
        const reports = join(dir, 'reports');
        const results = join(dir, 'test-results');
        const run = await runCli('conformance', [], { ...c.env(secret, proxy.url), JOBROUTER_REPORTS_DIR: reports, JOBROUTER_TEST_RESULTS_DIR: results, JOBROUTER_WORKERS: '4' });
        const stdout = run.stdout + run.stderr;
        expect(stdout, 'the run reached a verdict').toMatch(/Conformance: (conformant|not-conformant)/);
        const decodedKey = c.name.startsWith('HMAC') ? [Buffer.from(secret, 'base64').toString('utf8')] : [];
        // HMAC: one signature per request; bearer: the one token.
        expect(proxy.credentials.size, 'the proxy saw the credentials the kit sent').toBeGreaterThanOrEqual(c.name.startsWith('HMAC') ? 100 : 1);
        const found = scan([reports, results], stdout, [secret, ...decodedKey, ...proxy.credentials]);
        test.info().annotations.push({ type: 'canary scan', description: `${found.files} files, ${found.bytes} bytes, ${proxy.credentials.size} credentials` });
        console.log(`canary scan (${c.name}): ${found.files} files, ${found.bytes} bytes, ${proxy.credentials.size} distinct credentials sought`);
        expect(found.files, 'reports were written').toBeGreaterThan(3);
        expect(found.leaks).toEqual([]);
      } finally {
        await proxy.close();
        await emulator.close();
      }
    });
  }
});

test('the scan finds a planted canary in a file, URL-encoded, and in stdout', async () => {
  const { mkdirSync, writeFileSync } = await import('node:fs');
  const dir = join('.tmp', 'canary-control');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'nested'), { recursive: true });
  const secret = 'c2VjcmV0K2NhbmFyeS9rZXk9';
  writeFileSync(join(dir, 'clean.txt'), 'nothing here');
  writeFileSync(join(dir, 'nested', 'leak.json'), JSON.stringify({ url: `https://x/?sig=${encodeURIComponent(secret)}` }));
  const found = scan([dir], `Authorization: ${secret}`, [secret]);
  expect(found.files).toBe(2);
  expect(found.leaks).toHaveLength(2);
  expect(found.leaks.join('\n')).toContain('leak.json');
  expect(found.leaks.join('\n')).toContain('stdout');
});
