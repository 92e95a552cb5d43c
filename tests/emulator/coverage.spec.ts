import { expect, test } from '@playwright/test';
import { startEmulator } from 'jobrouter-emulator';
import { REFERENCE_ABSENT, child, publishedDocument, type Node } from '../schemas/published';
import { at, clientFor, type Answer } from '../../emulator/tests/client';

/*
 * Does the emulator route every path and method of the published document? Each operation gets one minimal signed
 * request (ids that do not exist, `{}` where a body is needed) and is classified:
 *   served   anything but the three below — a 404 NotFound for the missing resource counts: the route exists;
 *   501      the emulator's documented gap: 501, JSON error with code NotImplemented and x-ms-error-code to match;
 *   missing  404 "no such route", 405, or a 501 without that shape — the test fails.
 * Skips where ../shared is absent.
 */

type Classification = 'served' | '501' | 'missing';

interface Probe {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly classification: Classification;
  readonly why: string;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete', 'head', 'options']);

function operations(doc: Node): { method: string; path: string; hasBody: boolean }[] {
  const found: { method: string; path: string; hasBody: boolean }[] = [];
  for (const [path, item] of Object.entries(child(doc, 'paths') ?? {})) {
    for (const [method, operation] of Object.entries(item as Node)) {
      if (!HTTP_METHODS.has(method)) continue;
      const params = Array.isArray((operation as Node)['parameters']) ? ((operation as Node)['parameters'] as Node[]) : [];
      found.push({ method: method.toUpperCase(), path, hasBody: params.some((p) => p['in'] === 'body') });
    }
  }
  return found;
}

const errorCode = (answer: Answer): unknown => at(answer.body, 'error', 'code');
const errorMessage = (answer: Answer): string => String(at(answer.body, 'error', 'message') ?? answer.text);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What "no such route" looks like on this emulator, learnt from a path no version of the API has: its 404's code and
 * message, with the path in the message as a wildcard (so a resource's own 404 NotFound is told apart by its text).
 */
function routeNotFoundMatcher(calibration: Answer, probedPath: string): (answer: Answer) => boolean {
  const message = errorMessage(calibration);
  const pattern = new RegExp(`^${message.split(probedPath).map(escape).join('.+')}$`);
  return (answer) => answer.status === 404 && errorCode(answer) === errorCode(calibration) && pattern.test(errorMessage(answer));
}

function classify(answer: Answer, isRouteNotFound: (answer: Answer) => boolean): { classification: Classification; why: string } {
  const code = errorCode(answer);
  if (answer.status === 405) return { classification: 'missing', why: `405 ${String(code)}: the path is routed, the method is not` };
  if (isRouteNotFound(answer)) return { classification: 'missing', why: `404 route not found: ${errorMessage(answer)}` };
  if (answer.status === 501) {
    const documented = code === 'NotImplemented' && answer.headers.get('x-ms-error-code') === 'NotImplemented' && (answer.headers.get('content-type') ?? '').includes('json');
    return documented
      ? { classification: '501', why: errorMessage(answer) }
      : { classification: 'missing', why: `501 without the documented NotImplemented error: ${answer.text.slice(0, 120)}` };
  }
  return { classification: 'served', why: code === undefined ? '' : `${String(code)}: ${errorMessage(answer)}` };
}

function listing(probes: readonly Probe[]): string {
  const pathWidth = Math.max(...probes.map((p) => p.path.length));
  const rows = probes.map((p) => `${p.method.padEnd(6)} ${p.path.padEnd(pathWidth)}  ${p.classification.padEnd(7)} ${String(p.status)}  ${p.why}`.trimEnd());
  const count = (c: Classification) => probes.filter((p) => p.classification === c).length;
  return [...rows, '', `${probes.length} operations: ${count('served')} served, ${count('501')} 501 NotImplemented, ${count('missing')} missing`].join('\n');
}

test('every path and method of the published document is routed by the emulator', async () => {
  const doc = publishedDocument();
  test.skip(!doc, REFERENCE_ABSENT);
  const emulator = await startEmulator({ quiet: true });
  try {
    const send = clientFor(emulator.url, emulator.accessKey);
    const unrouted = '/routing/coverageProbeNoSuchCollection';
    const calibration = await send('GET', unrouted);
    expect(calibration.status, `a path no version of the API has must answer 404: ${calibration.text}`).toBe(404);
    const isRouteNotFound = routeNotFoundMatcher(calibration, unrouted);
    const probes: Probe[] = [];
    for (const [index, operation] of operations(doc ?? {}).entries()) {
      // Ids of their own per operation: an upsert probed earlier must not create what a later probe reads.
      const path = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => `coverage-missing-${name}-${index}`);
      const answer = await send(operation.method, path, operation.hasBody ? { body: {} } : {});
      probes.push({ method: operation.method, path: operation.path, status: answer.status, ...classify(answer, isRouteNotFound) });
    }
    const text = listing(probes);
    test.info().annotations.push({ type: 'coverage', description: text });
    console.log(`\nPublished operations against the emulator:\n${text}\n`);
    expect(probes.length, 'the published document lists no operations').toBeGreaterThan(0);
    expect(probes.filter((p) => p.classification === 'missing').map((p) => `${p.method} ${p.path}: ${p.why}`), 'operations the emulator does not route').toEqual([]);
  } finally {
    await emulator.close();
  }
});
