import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running Azurite queue service, private to the caller. */
export interface Azurite {
  /** devstoreaccount1 with its well-known key and this instance's QueueEndpoint. */
  readonly connectionString: string;
  /** The queue service URL, e.g. http://127.0.0.1:41067/devstoreaccount1. */
  readonly queueUrl: string;
  /** Ends the process, waits for its exit and removes its working directory. */
  stop(): Promise<void>;
}

/** Azurite's documented development account; a public constant, not a secret. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const BIN = fileURLToPath(new URL('../../node_modules/.bin/azurite-queue', import.meta.url));
const START_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 5_000;
const LISTENING = /successfully listens on https?:\/\/[^\s:]+:(\d+)/;

/**
 * Starts its own azurite-queue on a free loopback port (Azurite binds port 0 and prints the port it got).
 * Azurite refuses --location together with --inMemoryPersistence, so the private temp directory is the working
 * directory instead: anything Azurite still writes (debug log, telemetry state) lands there and is removed on stop.
 */
export async function startAzurite(): Promise<Azurite> {
  const workDir = await mkdtemp(join(tmpdir(), 'azurite-queue-'));
  const args = [
    '--queueHost', '127.0.0.1',
    '--queuePort', '0',
    '--skipApiVersionCheck',
    '--inMemoryPersistence',
    '--silent',
    '--loose',
    '--disableTelemetry',
  ];
  const env = { ...process.env };
  // A custom account list would replace devstoreaccount1.
  delete env['AZURITE_ACCOUNTS'];
  const child = spawn(BIN, args, { cwd: workDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  // If the test process ends without stop() (crash, worker torn down), do not leave an orphan Azurite behind.
  const onProcessExit = (): void => {
    child.kill('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
  };
  process.once('exit', onProcessExit);

  const stop = async (): Promise<void> => {
    process.off('exit', onProcessExit);
    await terminate(child, exited);
    await rm(workDir, { recursive: true, force: true });
  };

  let port: number;
  try {
    port = await waitForPort(child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const queueUrl = `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};QueueEndpoint=${queueUrl};`;
  return { connectionString, queueUrl, stop };
}

/** Resolves with the port once Azurite says it listens; rejects with its output if it exits or takes too long. */
function waitForPort(child: ChildProcess, output: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onSpawnError);
    };
    const onData = (): void => {
      const match = LISTENING.exec(output());
      if (!match?.[1]) return;
      cleanup();
      resolve(Number(match[1]));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      cleanup();
      reject(new Error(`azurite-queue exited before listening (code ${code ?? '-'}, signal ${signal ?? '-'}). Output:\n${output()}`));
    };
    const onSpawnError = (error: Error): void => {
      cleanup();
      reject(new Error(`azurite-queue could not be started (${BIN}): ${error.message}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`azurite-queue did not listen within ${START_TIMEOUT_MS / 1000} s. Output:\n${output()}`));
    }, START_TIMEOUT_MS);
    // Listeners go on after 'data' has been wired for collection, so output() already holds each chunk.
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onSpawnError);
  });
}

/** SIGTERM lets Azurite close its server; SIGKILL follows if it has not exited within the grace period. */
async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(true), STOP_GRACE_MS);
  });
  const late = await Promise.race([exited.then(() => false), timedOut]);
  clearTimeout(timer);
  if (late) {
    child.kill('SIGKILL');
    await exited;
  }
}
