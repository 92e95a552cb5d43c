import { FULL_CHAOS } from 'jobrouter-emulator/chaos';
import { FAULTS, type FaultName } from 'jobrouter-emulator/faults';
import { REQUIREMENTS, requirement } from '../../src/contract/requirements';
import { mutantCase } from './mutant-case';

/** The self-check's cases: what runs against which emulator, and what verdict a correct kit must give. */
export type Expectation =
  | { readonly kind: 'all-pass' }
  | { readonly kind: 'detects'; readonly ids: readonly string[] }
  | { readonly kind: 'fails-exactly'; readonly ids: readonly string[] }
  | { readonly kind: 'waives-exactly'; readonly ids: readonly string[] }
  /** A generated fault: killed when the verdict is not-conformant with at least one failed requirement. */
  | { readonly kind: 'killed' }
  /** Exactly these statuses, and this verdict. */
  | { readonly kind: 'statuses'; readonly statuses: Readonly<Record<string, string>>; readonly verdict: string };

export interface Case {
  readonly name: string;
  readonly group: 'clean' | 'fault' | 'variation' | 'observed' | 'chaos' | 'mutant';
  readonly faults: readonly FaultName[];
  readonly errors: 'documented' | 'observed';
  readonly profile: 'default' | 'service';
  /** Transport chaos on the emulator (`--chaos` syntax) and its seed. */
  readonly chaos?: { readonly spec: string; readonly seed: number };
  /** Generated faults (`gen:…`), and whether they act or only count what they would change (`shadow`). */
  readonly mutants?: readonly string[];
  readonly mutantMode?: 'apply' | 'shadow';
  /** Requirement ids to run; undefined runs the whole suite. */
  readonly only?: readonly string[];
  /** Stop the kit run after this many failed tests (a generated fault needs one failure to be killed). */
  readonly maxFailures?: number;
  readonly expect: Expectation;
}

/** The requirements the production service's error shape breaks (see profiles/service.waivers.json). */
export const ERROR_SHAPE_IDS = ['ERR-BODY-01', 'ERR-HEADER-01', 'ERR-HEADER-02'] as const;

const SLOW = new Set(['CLOSE-AT-01', 'CLOSE-AT-02', 'DECLINE-02', 'DECLINE-03']);

/** A deterministic sample of requirements outside the fault's own, so a fault run also watches for collateral damage. */
function sampleOthers(seedText: string, exclude: ReadonlySet<string>, count: number): string[] {
  let seed = 2166136261;
  for (const ch of seedText) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  const pool = REQUIREMENTS.map((r) => r.id).filter((id) => !exclude.has(id) && !SLOW.has(id));
  const picked: string[] = [];
  while (picked.length < count && pool.length > 0) {
    seed = Math.imul(seed ^ (seed >>> 15), 2246822507) >>> 0;
    picked.push(...pool.splice(seed % pool.length, 1));
  }
  return picked;
}

export interface PlanOptions {
  /** Full: three clean runs, every variation alone and all together. Fast: one clean run, all variations together, a few faults. */
  readonly full: boolean;
  readonly faults?: readonly string[];
  /** Every fault of the catalog (or of `faults`) under full chaos: proves no fault hides behind a retry. */
  readonly chaosSweep?: boolean;
  /** This many whole-suite runs under full chaos, each with its own seed (the README's "rough night" figures). */
  readonly chaosRuns?: number;
}

/** Each switch alone, as `--chaos` takes it. */
export const CHAOS_SWITCHES: readonly (readonly [string, string])[] = [
  ['throttle', 'throttle=0.07'],
  ['unavailable', 'unavailable=0.04'],
  ['reset', 'reset=0.02'],
  ['lost', 'lost=0.05'],
  ['lag', 'lag=1000'],
  ['latency', 'latency=0-250'],
];

function seedOf(text: string): number {
  let seed = 2166136261;
  for (const ch of text) seed = Math.imul(seed ^ ch.charCodeAt(0), 16777619) >>> 0;
  return seed % 100000;
}

function faultCase(fault: (typeof FAULTS)[number], chaos: boolean): Case {
  const own = new Set(fault.detectedBy);
  for (const id of own) requirement(id); // a fault naming an unknown requirement is a plan error, not a detection gap
  return {
    name: `fault-${fault.name}${chaos ? '@chaos' : ''}`,
    group: 'fault',
    faults: [fault.name],
    errors: 'documented',
    profile: 'default',
    ...(chaos ? { chaos: { spec: FULL_CHAOS, seed: seedOf(fault.name) } } : {}),
    only: [...own, ...sampleOthers(fault.name, own, 3)],
    expect: { kind: 'detects', ids: fault.detectedBy },
  };
}

/**
 * The generated faults the full self-check runs (a fixed sample of `npm run selfcheck -- --mutants`, one per family
 * and more where the kit's checks differ): each must be killed, and each run must show the mutant layer acted — so
 * the sample fails when the generation, the layer or the kit's checks break. The first is the sanity mutant.
 */
// Only mutants measured killed by a whole run (npm run selfcheck -- --mutants): an unmeasured one could fail CI for
// the sample's sake, not the kit's. The first is the sanity mutant: the accept result without its assignmentId.
export const CI_MUTANTS: readonly string[] = [
  'gen:drop:AcceptJobOfferResult.assignmentId@acceptJobOffer',
  'gen:drop:RouterJob.assignments.*.assignmentId@getJob',
  'gen:refuse:CloseJobOptions.closeAt=lower-z@closeJob',
  'gen:refuse:CancelJobOptions.note=astral@cancelJob',
  'gen:stale:RouterJob.status@completeJob',
];

const FAST_FAULTS: readonly FaultName[] = [
  'error-header-mismatch', 'cancel-empty-body-refused', 'close-at-ignored', 'double-accept-wins', 'signature-not-checked', 'note-without-timestamp',
  'event-job-closed-early',
];

/** Named faults CI adds to npm test's fast subset: one per area the fast subset leaves out. */
const CI_FAULTS: readonly FaultName[] = [
  'close-keeps-capacity', 'cancel-keeps-offer', 'note-replaces-notes', 'accept-not-atomic', 'type-validation-off',
  'api-version-missing-accepted', 'event-job-closed-missing', 'retry-offer-at-unchecked',
];
/** Fast faults CI also runs under full chaos: a fault must not hide behind a retry or a re-run. */
const CI_CHAOS_FAULTS: readonly FaultName[] = ['event-job-closed-early', 'close-at-ignored', 'double-accept-wins'];

/**
 * What CI runs after `npm test` (whose fast subset covers the clean run, the variations together, the profiles and the
 * fast faults): the rough road on a clean target, a few faults under it, the generated-fault sample and one named
 * fault per further area. Every run here fails CI when its mechanism breaks; the whole catalog is `--full`.
 */
export function ciPlan(): Case[] {
  const byName = (names: readonly FaultName[]) => FAULTS.filter((f) => f.kind === 'fault' && names.includes(f.name));
  return [
    { name: 'chaos-all', group: 'chaos', faults: [], errors: 'documented', profile: 'default', chaos: { spec: FULL_CHAOS, seed: 7 }, expect: { kind: 'all-pass' } },
    ...byName(CI_CHAOS_FAULTS).map((f) => faultCase(f, true)),
    ...CI_MUTANTS.map((id) => mutantCase(id)),
    ...byName(CI_FAULTS).map((f) => faultCase(f, false)),
  ];
}

export function buildPlan(options: PlanOptions): Case[] {
  const cases: Case[] = [];
  const faultsOf = (all: boolean) => FAULTS.filter((f) => f.kind === 'fault' && (options.faults ? options.faults.includes(f.name) : all || FAST_FAULTS.includes(f.name)));
  if (options.chaosSweep || options.chaosRuns) {
    for (let i = 1; i <= (options.chaosRuns ?? 0); i += 1) {
      cases.push({ name: `chaos-all-${i}`, group: 'chaos', faults: [], errors: 'documented', profile: 'default', chaos: { spec: FULL_CHAOS, seed: i }, expect: { kind: 'all-pass' } });
    }
    if (options.chaosSweep) {
      for (const [name, spec] of CHAOS_SWITCHES) {
        cases.push({ name: `chaos-${name}`, group: 'chaos', faults: [], errors: 'documented', profile: 'default', chaos: { spec, seed: seedOf(name) }, expect: { kind: 'all-pass' } });
      }
      for (const fault of faultsOf(true)) cases.push(faultCase(fault, true));
    }
    return cases;
  }
  const cleanRuns = options.full ? 3 : 1;
  for (let i = 1; i <= cleanRuns; i += 1) {
    cases.push({ name: `clean-${i}`, group: 'clean', faults: [], errors: 'documented', profile: 'default', expect: { kind: 'all-pass' } });
  }
  const variations = FAULTS.filter((f) => f.kind === 'variation').map((f) => f.name);
  cases.push({ name: 'variations-all', group: 'variation', faults: variations, errors: 'documented', profile: 'default', expect: { kind: 'all-pass' } });
  if (options.full) {
    for (const name of variations) {
      cases.push({ name: `variation-${name}`, group: 'variation', faults: [name], errors: 'documented', profile: 'default', expect: { kind: 'all-pass' } });
    }
  }
  // A broken setup step is "precondition not met" (error) for the requirements that only rely on it, and a failure
  // for the one about it; the failure decides the verdict.
  cases.push({
    name: 'precondition-not-met',
    group: 'fault',
    faults: ['complete-status-not-set'],
    errors: 'documented',
    profile: 'default',
    only: ['COMPLETE-01', 'CLOSE-NOW-01', 'CLOSE-DISP-02', 'CANCEL-STATUS-01'],
    expect: { kind: 'statuses', statuses: { 'COMPLETE-01': 'failed', 'CLOSE-NOW-01': 'error', 'CLOSE-DISP-02': 'error', 'CANCEL-STATUS-01': 'passed' }, verdict: 'not-conformant' },
  });
  const errorIds = REQUIREMENTS.filter((r) => r.area === 'error-contract').map((r) => r.id);
  cases.push({ name: 'observed-errors-default-profile', group: 'observed', faults: [], errors: 'observed', profile: 'default', expect: { kind: 'fails-exactly', ids: ERROR_SHAPE_IDS } });
  cases.push({ name: 'observed-errors-service-profile', group: 'observed', faults: [], errors: 'observed', profile: 'service', only: options.full ? undefined : [...errorIds, ...sampleOthers('service', new Set(errorIds), 6)], expect: { kind: 'waives-exactly', ids: ERROR_SHAPE_IDS } });

  for (const fault of faultsOf(options.full)) cases.push(faultCase(fault, false));
  if (options.full) {
    // The road may be rough: all chaos switches together must leave a clean target conformant, and the fast faults
    // must still be caught under full chaos. Each switch alone and the whole catalog under chaos: `--chaos-sweep`.
    cases.push({ name: 'chaos-all', group: 'chaos', faults: [], errors: 'documented', profile: 'default', chaos: { spec: FULL_CHAOS, seed: 7 }, expect: { kind: 'all-pass' } });
    for (const fault of faultsOf(false)) cases.push(faultCase(fault, true));
    for (const id of CI_MUTANTS) cases.push(mutantCase(id));
  }
  return cases;
}
