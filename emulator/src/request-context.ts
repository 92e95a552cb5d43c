import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which client a piece of work is for: the User-Agent of the request being served. Generated faults count their hits
 * per client with it, so a self-check can tell which of a client's requests a fault reached. Work no request owns
 * (timers, the clock's due effects) runs outside it and is counted as nobody's.
 */
const context = new AsyncLocalStorage<string>();

export function servingFor<T>(userAgent: string | undefined, run: () => T): T {
  return context.run(userAgent ?? '', run);
}

/** Runs work that belongs to no request (e.g. effects that came due), even while one is being served. */
export function servingNobody<T>(run: () => T): T {
  return context.exit(run);
}

/** The User-Agent of the request being served; undefined outside any. */
export function currentClient(): string | undefined {
  return context.getStore();
}
