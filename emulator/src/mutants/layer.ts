import type { OuterLayer } from '../outer-layer';
import type { Domain } from '../domain';
import { wrapDomainWith, type DomainMutant } from './effects';
import { exchangeWith, type ExchangeMutant, type Tally } from './exchange';
import { parseMutant, type Mutant } from './id';
import { currentClient } from '../request-context';

/**
 * The generated faults as one outer layer around the emulator (the same place the named faults and chaos sit).
 * `apply`: the mutants change what the emulator answers and does. `shadow`: nothing changes; each mutant only counts
 * how often it would have — one correct run then says which mutants the kit's requests can reach at all.
 */
export interface MutantLayer extends OuterLayer {
  readonly mutants: readonly Mutant[];
  /** Mutant id → how many answers, effects or events it changed (or, in shadow mode, would have). */
  hits(): Record<string, number>;
  /** Mutant id → the User-Agents of the requests it changed an answer or effect for ('' for work no request owns). */
  clients(): Record<string, string[]>;
}

export function createMutantLayer(ids: readonly string[], mode: 'apply' | 'shadow' = 'apply', now: () => number = Date.now): MutantLayer {
  const mutants = ids.map(parseMutant);
  const counts = new Map<string, number>(mutants.map((m) => [m.id, 0]));
  const clients = new Map<string, Set<string>>(mutants.map((m) => [m.id, new Set<string>()]));
  let clock = now;
  const tally: Tally = {
    apply: mode === 'apply',
    hit: (id, times = 1) => {
      counts.set(id, (counts.get(id) ?? 0) + times);
      clients.get(id)?.add(currentClient() ?? '');
    },
    now: () => clock(),
  };
  const onDomain = mutants.filter((m): m is DomainMutant => m.family === 'stale' || m.family === 'noop' || m.family === 'event');
  const onExchange = mutants.filter((m): m is ExchangeMutant => m.family === 'answer' || m.family === 'refuse' || m.family === 'status' || m.family === 'error');
  const wrap = wrapDomainWith(onDomain, tally);
  return {
    mutants,
    hits: () => Object.fromEntries(counts),
    clients: () => Object.fromEntries([...clients].map(([id, set]) => [id, [...set].sort()])),
    wrapDomain: (domain: Domain) => {
      // "clamp-now" clamps to the emulator's own clock.
      clock = () => domain.ctx.clock.now();
      return onDomain.length > 0 ? wrap(domain) : domain;
    },
    ...(onExchange.length > 0 ? { exchange: exchangeWith(onExchange, tally) } : {}),
  };
}
