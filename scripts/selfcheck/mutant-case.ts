import { REQUIREMENTS } from '../../src/contract/requirements';
import { EVENT_OPERATORS } from '../../emulator/src/mutants/id';
import type { Case } from './plan';

/**
 * Only specs/events.spec.ts reads the router's events, and an event mutant changes nothing but event data: its
 * verdict is decided by the event requirements alone, so it runs those (a whole run would give the same verdict).
 */
const EVENT_IDS = REQUIREMENTS.filter((r) => r.area === 'events').map((r) => r.id);
const isEventMutant = (id: string): boolean => EVENT_OPERATORS.some((op) => id.startsWith(`gen:${op}:`));

/** One run of the kit (the whole suite, or for an event mutant the event requirements) with one generated fault on. */
export const mutantCase = (id: string): Case => ({
  ...(isEventMutant(id) ? { only: EVENT_IDS } : {}),
  name: `mutant-${id.replace(/[^A-Za-z0-9+=.-]+/g, '_')}`,
  group: 'mutant',
  faults: [],
  errors: 'documented',
  profile: 'default',
  mutants: [id],
  expect: { kind: 'killed' },
});

