/**
 * Generated faults ("mutants"): an operator applied at one location of the API. The id says both, so it is stable
 * and readable — `gen:<operator>:<Schema>[.<path>][=<class>]@<where>`:
 *
 * - `gen:trim:RouterJob.notes[].message@getJob`      a string of an answer, rewritten (drop, trim, case, escape-html,
 *                                                     escape-json, truncate)
 * - `gen:shift+1h:RouterJob.enqueuedAt@getJob`       an instant of an answer, moved (shift±1s/±1h, round-s, round-min,
 *                                                     clamp-now)
 * - `gen:refuse:CloseJobOptions.closeAt=lower-t@closeJob`   one valid spelling of a request value refused with 400
 * - `gen:status-202:ActionResult@cancelJob`           another 2xx status for one operation
 * - `gen:error-unwrap:ErrorResponse@404`              the error contract broken on one status only
 * - `gen:stale:RouterWorker.offers@acceptJobOffer`    a related entity's field left as it was before an action
 * - `gen:noop:RouterJob.status=assigned@cancelJob`    the action answers 200 but does nothing in one state
 * - `gen:drop:AcsRouterJobClosedEventData.dispositionCode@RouterJobClosed`   one event's data field dropped or altered
 *
 * The emulator applies any well-formed id; which ids exist is decided by the self-check's enumeration from the
 * schemas (scripts/selfcheck/mutant-space.ts). A path is dot-separated; `[]` steps into every array item and `*`
 * into every value of a map.
 */
export const STRING_OPERATORS = ['drop', 'trim', 'case', 'escape-html', 'escape-json', 'truncate'] as const;
export const INSTANT_OPERATORS = ['shift+1s', 'shift-1s', 'shift+1h', 'shift-1h', 'round-s', 'round-min', 'clamp-now'] as const;
export const STATUS_OPERATORS = ['status-200', 'status-201', 'status-202', 'status-204'] as const;
export const ERROR_OPERATORS = ['error-drop-header', 'error-mismatch-code', 'error-unwrap', 'error-drop-message'] as const;
export const EVENT_OPERATORS = ['drop-event-field', 'alter-event-field'] as const;

export type StringOperator = (typeof STRING_OPERATORS)[number];
export type InstantOperator = (typeof INSTANT_OPERATORS)[number];
export type StatusOperator = (typeof STATUS_OPERATORS)[number];
export type ErrorOperator = (typeof ERROR_OPERATORS)[number];
export type EventOperator = (typeof EVENT_OPERATORS)[number];

export type Mutant =
  | { readonly id: string; readonly family: 'answer'; readonly operator: StringOperator | InstantOperator; readonly schema: string; readonly path: readonly string[]; readonly operation: string }
  | { readonly id: string; readonly family: 'refuse'; readonly schema: string; readonly field: string; readonly spelling: string; readonly operation: string }
  | { readonly id: string; readonly family: 'status'; readonly operator: StatusOperator; readonly status: number; readonly operation: string }
  | { readonly id: string; readonly family: 'error'; readonly operator: ErrorOperator; readonly status: number }
  | { readonly id: string; readonly family: 'stale'; readonly schema: 'RouterJob' | 'RouterWorker'; readonly field: string; readonly operation: string }
  | { readonly id: string; readonly family: 'noop'; readonly state: string; readonly operation: string }
  | { readonly id: string; readonly family: 'event'; readonly operator: EventOperator; readonly schema: string; readonly field: string; readonly event: string };

const has = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

const ID = /^gen:([a-z0-9+-]+):([A-Za-z0-9]+)((?:\.[A-Za-z0-9_*]+(?:\[\])?)*)(?:=([A-Za-z0-9-]+))?@([A-Za-z0-9]+)$/;

/** The mutant an id names; throws with a sentence when the id is not one. */
export function parseMutant(id: string): Mutant {
  const m = ID.exec(id);
  if (!m) throw new Error(`"${id}" is not a mutant id (gen:<operator>:<Schema>[.<path>][=<class>]@<where>).`);
  const [, operator = '', schema = '', rawPath = '', klass, where = ''] = m;
  const path = rawPath.split('.').filter((p) => p.length > 0).flatMap((p) => (p.endsWith('[]') ? [p.slice(0, -2), '[]'] : [p]));
  const bad = (why: string): never => {
    throw new Error(`Mutant "${id}": ${why}.`);
  };
  if (has(STRING_OPERATORS, operator) || has(INSTANT_OPERATORS, operator)) {
    if (path.length === 0) bad('an answer operator needs a field path');
    return { id, family: 'answer', operator, schema, path, operation: where };
  }
  if (operator === 'refuse') {
    if (path.length !== 1 || klass === undefined) bad('refuse needs one request field and a spelling class');
    return { id, family: 'refuse', schema, field: path[0] ?? '', spelling: klass ?? '', operation: where };
  }
  if (has(STATUS_OPERATORS, operator)) return { id, family: 'status', operator, status: Number(operator.slice('status-'.length)), operation: where };
  if (has(ERROR_OPERATORS, operator)) {
    if (!/^\d{3}$/.test(where)) bad('an error operator applies to one status');
    return { id, family: 'error', operator, status: Number(where) };
  }
  if (operator === 'stale') {
    if ((schema !== 'RouterJob' && schema !== 'RouterWorker') || path.length !== 1) bad('stale applies to one top-level field of RouterJob or RouterWorker');
    return { id, family: 'stale', schema: schema as 'RouterJob' | 'RouterWorker', field: path[0] ?? '', operation: where };
  }
  if (operator === 'noop') {
    if (klass === undefined) bad('noop needs a state');
    return { id, family: 'noop', state: klass ?? '', operation: where };
  }
  if (has(EVENT_OPERATORS, operator)) {
    if (path.length !== 1) bad('an event operator applies to one data field');
    return { id, family: 'event', operator, schema, field: path[0] ?? '', event: where };
  }
  return bad(`unknown operator "${operator}"`);
}

export const isInstantOperator = (operator: string): operator is InstantOperator => has(INSTANT_OPERATORS, operator);

export const isMutantId = (text: string): boolean => text.startsWith('gen:');
