import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Work the load process does; it runs outside the server's process so the two never share an event loop. */
export type LoadJob =
  | {
      readonly kind: 'replay';
      readonly url: string;
      readonly method: string;
      readonly path: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly connections: number;
      readonly warmupMs: number;
      readonly durationMs: number;
      /** For an https:// url: the certificate to trust (PEM). */
      readonly ca?: string;
    }
  | { readonly kind: 'cycles'; readonly url: string; readonly accessKey: string; readonly prefix: string; readonly lanes: readonly { readonly workerId: string; readonly queueId: string }[]; readonly durationMs: number }
  | { readonly kind: 'churn'; readonly url: string; readonly accessKey: string; readonly queueId: string; readonly prefix: string; readonly count: number; readonly concurrency: number };

export interface ReplayResult {
  readonly requests: number;
  readonly seconds: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface CyclesResult {
  readonly cycles: number;
  readonly seconds: number;
  readonly polls: number;
  readonly failures: readonly string[];
}

export interface ChurnResult {
  readonly jobs: number;
  readonly seconds: number;
  readonly failures: readonly string[];
}

export type LoadResult<J extends LoadJob> = J['kind'] extends 'replay' ? ReplayResult : J['kind'] extends 'cycles' ? CyclesResult : ChurnResult;

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

/** Runs one job in a fresh child process (tsx loader) and returns its result; the child exits afterwards. */
export function runLoad<J extends LoadJob>(job: J): Promise<LoadResult<J>> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;
    child.once('message', (message: unknown) => {
      answered = true;
      const reply = message as { ok: true; result: LoadResult<J> } | { ok: false; error: string };
      child.disconnect();
      if (reply.ok) resolve(reply.result);
      else reject(new Error(`load process: ${reply.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load process exited with ${code} before answering`));
    });
    child.send(job);
  });
}
