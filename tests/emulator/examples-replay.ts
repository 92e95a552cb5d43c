import { startEmulator } from 'jobrouter-emulator';
import { manualClock } from '../../emulator/src/domain/kernel/clock';
import { child, publishedExamples, type Node } from '../schemas/published';
import { at, clientFor, type Answer, type Send, type SendOptions } from '../../emulator/tests/client';

/*
 * Replays the published examples (../shared/reference/…/examples) against a fresh emulator. Each example is sent as
 * the published document's operation that names it in `x-ms-examples`; what the example presupposes (the job it
 * cancels, the offer it accepts) is first created with the example's own ids. The answer must have the example's
 * status and, recursively, every property of the example's body with the same JSON type; values are compared only
 * where they echo what was sent (the request, or the state set up for it): ids, names, labels, selectors.
 * Timestamps, etags and generated ids are compared by type only.
 */

export interface ReplayResult {
  readonly file: string;
  /** The example's status this replay expects (chosen by the state it sets up), if any. */
  readonly expected: number | undefined;
  /** The emulator's status for the example's request; undefined when the replay stopped before sending it. */
  readonly got: number | undefined;
  /** Empty when the emulator's answer agrees with the example. */
  readonly problems: readonly string[];
  /** How the request differs from the example's parameters, and why. */
  readonly notes: readonly string[];
}

/**
 * Disagreements that are documented decisions of the emulator (file → reason and where it is documented). Their tests
 * run as `test.fail()`, so they report honestly and turn red the day the emulator agrees.
 */
export const DOCUMENTED_DECISIONS: Readonly<Record<string, string>> = {};

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly bodyName: string | undefined;
}

/** The published operation whose `x-ms-examples` refers to this file. */
function operationFor(doc: Node, file: string): Operation | undefined {
  for (const [path, item] of Object.entries(child(doc, 'paths') ?? {})) {
    for (const [method, value] of Object.entries(item as Node)) {
      const operation = value as Node;
      const refs = Object.values(child(operation, 'x-ms-examples') ?? {}).map((e) => String((e as Node)['$ref']));
      if (!refs.some((ref) => ref.endsWith(`/${file}`))) continue;
      const params = Array.isArray(operation['parameters']) ? (operation['parameters'] as Node[]) : [];
      const body = params.find((p) => p['in'] === 'body');
      return { method: method.toUpperCase(), path, bodyName: body === undefined ? undefined : String(body['name']) };
    }
  }
  return undefined;
}

/** What a scenario's setup may hand to the replay. */
export interface Prepared {
  /** Path parameters a client cannot choose (offer and assignment ids), replacing the example's. */
  readonly pathOverrides?: Readonly<Record<string, string>>;
  /** Further documents whose values count as echoes (the state set up for the request). */
  readonly echoes?: readonly unknown[];
  readonly notes?: readonly string[];
}

export interface World {
  readonly send: Send;
  /** The example's `parameters`, and its `responses` body for the status expected. */
  readonly params: Node;
  readonly response: Node;
  /** Sends and requires a 2xx; anything else stops the replay with the answer in the message. */
  readonly step: (method: string, path: string, body?: unknown) => Promise<Answer>;
}

export interface Scenario {
  /** The example's status this state calls for (when it lists 200 and 201, an upsert of an existing resource is 200). */
  readonly expect?: number;
  readonly setup?: (world: World) => Promise<Prepared | void>;
}

const isObject = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const jsonType = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
const show = (value: unknown): string => (value === undefined ? 'absent' : JSON.stringify(value));
const where = (path: readonly (string | number)[]): string => (path.length === 0 ? '(body)' : path.join('.'));

/**
 * Problems of `actual` against `expected`: every property of `expected` present with the same JSON type, recursively
 * (arrays element by element); a value compared only where some echo document holds that same value at that path.
 * A `null` in an example stands for "no value" (the published schemas declare none of these properties nullable and
 * the emulator omits what has no value), so it is met by an absent property or a null.
 */
export function shapeProblems(expected: unknown, actual: unknown, echoes: readonly unknown[], path: (string | number)[] = []): string[] {
  if (expected === null) return actual === undefined || actual === null ? [] : [`${where(path)}: the example has null, the emulator ${show(actual)}`];
  if (actual === undefined) return [`${where(path)}: missing (example: ${show(expected)})`];
  if (jsonType(expected) !== jsonType(actual)) return [`${where(path)}: ${jsonType(actual)} where the example has ${jsonType(expected)}`];
  if (Array.isArray(expected) && Array.isArray(actual)) return expected.flatMap((item, i) => shapeProblems(item, actual[i], echoes, [...path, i]));
  if (isObject(expected) && isObject(actual)) return Object.entries(expected).flatMap(([key, value]) => shapeProblems(value, actual[key], echoes, [...path, key]));
  const echoed = echoes.some((doc) => at(doc, ...path) === expected);
  return echoed && actual !== expected ? [`${where(path)}: ${show(actual)} where the request sent ${show(expected)}`] : [];
}

function statusOf(example: Node, scenario: Scenario | undefined): number | undefined {
  const listed = Object.keys(child(example, 'responses') ?? {}).map(Number).filter(Number.isInteger);
  if (scenario?.expect !== undefined) return scenario.expect;
  // A fresh emulator holds nothing: an upsert that may answer 200 or 201 creates.
  return listed.length === 1 ? listed[0] : listed.includes(201) ? 201 : undefined;
}

const OWN_PARAMETERS = new Set(['endpoint', 'api-version']);

/** The request the example describes, as the published operation names its parameters. */
function requestOf(operation: Operation, params: Node, prepared: Prepared): { path: string; body: unknown; ids: Record<string, string>; notes: string[] } {
  const notes: string[] = [];
  const used = new Set<string>(OWN_PARAMETERS);
  const ids: Record<string, string> = {};
  const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const override = prepared.pathOverrides?.[name];
    if (override !== undefined) {
      ids[name] = override;
      return encodeURIComponent(override);
    }
    let value = params[name];
    used.add(name);
    if (value === undefined && params['id'] !== undefined) {
      // Several examples name the path parameter `id` where the operation says `jobId` / `queueId`.
      notes.push(`path parameter ${name} taken from the example's "id"`);
      value = params['id'];
      used.add('id');
    }
    ids[name] = String(value ?? `missing-${name}`);
    return encodeURIComponent(ids[name]);
  });
  if (operation.bodyName === undefined) return { path, body: undefined, ids, notes };
  let body = params[operation.bodyName];
  if (body === undefined) {
    // Jobs_RequestJobCancel calls its body `cancelJobOptions` where the operation says `options`.
    const other = Object.entries(params).find(([name, value]) => !used.has(name) && !(name in (prepared.pathOverrides ?? {})) && isObject(value));
    if (other) {
      notes.push(`body taken from the example's "${other[0]}" (the operation calls it "${operation.bodyName}")`);
      body = other[1];
    }
  }
  return { path, body, ids, notes };
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export async function replay(file: string, example: Node, doc: Node, scenario: Scenario | undefined): Promise<ReplayResult> {
  const expected = statusOf(example, scenario);
  const operation = operationFor(doc, file);
  if (!operation) return { file, expected, got: undefined, problems: ['no operation of the published document names this example'], notes: [] };
  const params = child(example, 'parameters') ?? {};
  const clock = manualClock(Date.now());
  const emulator = await startEmulator({ clock, quiet: true });
  try {
    const raw = clientFor(emulator.url, emulator.accessKey);
    // A manual clock: nothing expires while the state is set up; requests are signed at the emulator's time.
    const send: Send = (method, path, options: SendOptions = {}) => raw(method, path, { date: new Date(clock.now()), ...options });
    const step: World['step'] = async (method, path, body) => {
      const answer = await send(method, path, body === undefined ? {} : { body });
      if (answer.status < 200 || answer.status > 299) throw new Error(`setup ${method} ${path} answered ${answer.status} ${answer.text.slice(0, 160)}`);
      return answer;
    };
    let prepared: Prepared = {};
    try {
      const response = child(child(child(example, 'responses'), String(expected)), 'body') ?? {};
      prepared = (await scenario?.setup?.({ send, params, response, step })) ?? {};
    } catch (error) {
      return { file, expected, got: undefined, problems: [message(error)], notes: [] };
    }
    const request = requestOf(operation, params, prepared);
    const answer = await send(operation.method, request.path, request.body === undefined ? {} : { body: request.body });
    const notes = [...(prepared.notes ?? []), ...request.notes];
    const problems: string[] = [];
    const listed = child(example, 'responses') ?? {};
    if (expected === undefined || !(String(expected) in listed)) problems.push(`the replay expects ${String(expected)}, which the example does not list`);
    if (answer.status !== expected) problems.push(`status ${answer.status} where the example has ${String(expected)}: ${answer.text.slice(0, 200)}`);
    else {
      const body = child(listed, String(expected))?.['body'];
      // Echoes: what was sent (body, path ids; a resource's `id` is its first path id) and the state set up for it.
      const first = Object.values(request.ids)[0];
      const echoes = [request.body, request.ids, first === undefined ? {} : { id: first }, ...(prepared.echoes ?? [])];
      if (body === undefined) {
        if (answer.text !== '') problems.push(`a body where the example has none: ${answer.text.slice(0, 200)}`);
      } else problems.push(...shapeProblems(body, answer.body, echoes));
    }
    return { file, expected, got: answer.status, problems, notes };
  } finally {
    await emulator.close();
  }
}

export function examplesToReplay(): { file: string; example: Node }[] {
  return publishedExamples().sort((a, b) => a.file.localeCompare(b.file));
}

/** A fixed-width table: example, expected, got, agree, why not. */
export function replayTable(results: readonly ReplayResult[]): string {
  const rows = results.map((r) => {
    const documented = DOCUMENTED_DECISIONS[r.file];
    const why = r.problems.length === 0 ? '' : `${documented === undefined ? '' : `documented: ${documented} — `}${r.problems.join('; ')}`;
    return [r.file.replace(/\.json$/, ''), String(r.expected ?? '—'), String(r.got ?? '—'), r.problems.length === 0 ? 'yes' : 'no', why];
  });
  const header = ['example', 'expected', 'got', 'agree', 'why not'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (i === 4 ? 0 : (row[i] ?? '').length))));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 4 ? c : c.padEnd(widths[i] ?? 0))).join(' | ').trimEnd();
  const agreeing = results.filter((r) => r.problems.length === 0).length;
  return [line(header), line(widths.map((w, i) => (i === 4 ? '-------' : '-'.repeat(w)))), ...rows.map(line), '', `${agreeing}/${results.length} examples agree`].join('\n');
}
