import { REQUIREMENTS } from '../../src/contract/requirements';
import { STATUS_CONTRACT_ID } from '../../src/contract/status-contract';
import { EVENT_OPERATORS } from '../../emulator/src/mutants/id';
import type { Case } from './plan';

/**
 * Only specs/events.spec.ts reads the router's events, and an event mutant changes nothing but event data: its
 * verdict is decided by the event requirements alone, so it runs those (a whole run would give the same verdict).
 */
const EVENT_IDS = REQUIREMENTS.filter((r) => r.area === 'events').map((r) => r.id);
/** The ERR-* requirements judge every error response of the run, whichever test provoked it: always in a run. */
const RUN_WIDE_IDS = [...REQUIREMENTS.filter((r) => r.area === 'error-contract').map((r) => r.id), STATUS_CONTRACT_ID];
const isEventMutant = (id: string): boolean => EVENT_OPERATORS.some((op) => id.startsWith(`gen:${op}:`));

/**
 * The requirements whose requests a mutant reached in the shadow probe, from the User-Agents it counted (the kit sends
 * `jobrouter-conformance-kit (<requirement>)`). A requirement none of whose requests the mutant changes cannot be
 * failed by it, so its run needs only these (as a mutation tool runs only the tests that cover a mutant). Undefined —
 * the whole suite — when any hit belongs to no requirement (work no request owns, such as an effect that came due).
 */
export function requirementsReached(clients: readonly string[] | undefined): string[] | undefined {
  if (!clients || clients.length === 0) return undefined;
  const ids = clients.map((ua) => /\(([A-Z][A-Z0-9-]*-\d+)\)$/.exec(ua)?.[1]);
  if (ids.some((id) => id === undefined || !REQUIREMENTS.some((r) => r.id === id))) return undefined;
  return [...new Set(ids as string[])].sort();
}

/**
 * One run of the kit with one generated fault on: for an event mutant the event requirements, for one the probe saw
 * reach only some requirements' requests those requirements, else the whole suite.
 */
export const mutantCase = (id: string, reached?: readonly string[], maxFailures?: number): Case => ({
  ...(maxFailures ? { maxFailures } : {}),
  ...(isEventMutant(id) ? { only: EVENT_IDS } : reached && reached.length > 0 ? { only: [...new Set([...reached, ...RUN_WIDE_IDS])] } : {}),
  name: `mutant-${id.replace(/[^A-Za-z0-9+=.-]+/g, '_')}`,
  group: 'mutant',
  faults: [],
  errors: 'documented',
  profile: 'default',
  mutants: [id],
  expect: { kind: 'killed' },
});

