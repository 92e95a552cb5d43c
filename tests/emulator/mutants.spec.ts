import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from 'jobrouter-emulator';
import { parseMutant } from '../../emulator/src/mutants/id';
import { applyAt, instantOperator, stringOperator } from '../../emulator/src/mutants/operators';
import { MUTABLE_OPERATIONS, recognise, shortOperationName } from '../../emulator/src/mutants/operations';
import { KIT_OPERATIONS } from '../../src/contract/openapi';
import { mutantSpace } from '../../scripts/selfcheck/mutant-space';
import { requirementsReached } from '../../scripts/selfcheck/mutant-case';
import { at, clientFor, setupOffered } from '../../emulator/tests/client';

/** What a client sees of one scenario: an offered job accepted, read, then closed with a note, read again. */
async function observe(mutants: readonly string[], mode: 'apply' | 'shadow' = 'apply') {
  const emulator = await startEmulator({ mutants, mutantMode: mode });
  try {
    const send = clientFor(emulator.url, emulator.accessKey);
    const { jobId, workerId, offerId } = await setupOffered(send, 'mut');
    const accepted = await send('POST', `/routing/workers/${workerId}/offers/${offerId}:accept`);
    const assignmentId = String(at(accepted.body, 'assignmentId'));
    const workerAfterAccept = await send('GET', `/routing/workers/${workerId}`);
    const closed = await send('POST', `/routing/jobs/${jobId}/assignments/${assignmentId}:close`, { body: { note: ' a <b>note</b> ' } });
    const job = await send('GET', `/routing/jobs/${jobId}`);
    const missing = await send('GET', '/routing/jobs/no-such-job');
    // Only what does not vary from run to run (ids and instants are random and the clock's).
    const notes = at(job.body, 'notes');
    return {
      accepted: { status: accepted.status, keys: Object.keys(accepted.body ?? {}).sort() },
      offersAfterAccept: Array.isArray(at(workerAfterAccept.body, 'offers')) ? (at(workerAfterAccept.body, 'offers') as unknown[]).length : -1,
      closed: { status: closed.status, body: closed.body },
      job: { status: at(job.body, 'status'), messages: Array.isArray(notes) ? notes.map((n) => at(n, 'message')) : [] },
      missing: { status: missing.status, header: missing.headers.get('x-ms-error-code'), body: missing.body },
      hits: emulator.mutantHits(),
    };
  } finally {
    await emulator.close();
  }
}

test.describe('generated faults (mutants)', () => {
  test('ids parse to their operator and location, and a malformed id is refused with a sentence', () => {
    expect(parseMutant('gen:trim:RouterJob.notes[].message@getJob')).toMatchObject({ family: 'answer', operator: 'trim', path: ['notes', '[]', 'message'], operation: 'getJob' });
    expect(parseMutant('gen:refuse:CloseJobOptions.closeAt=lower-t@closeJob')).toMatchObject({ family: 'refuse', field: 'closeAt', spelling: 'lower-t' });
    expect(parseMutant('gen:error-unwrap:ErrorResponse@404')).toMatchObject({ family: 'error', status: 404 });
    expect(() => parseMutant('gen:stale:RouterQueue.name@cancelJob')).toThrow(/stale applies/);
    expect(() => parseMutant('trim:RouterJob')).toThrow(/not a mutant id/);
  });

  test('every generated id parses, ids are unique, and the space has at least 200 mutants', () => {
    const space = mutantSpace();
    expect(space.length).toBeGreaterThanOrEqual(200);
    expect(new Set(space.map((m) => m.id)).size).toBe(space.length);
    for (const m of space) expect(() => parseMutant(m.id), m.id).not.toThrow();
  });

  test('the emulator recognises every operation of the kit by its method and path', () => {
    const names = new Set<string>(MUTABLE_OPERATIONS.map((op) => op.name));
    for (const op of KIT_OPERATIONS) {
      expect(names.has(shortOperationName(op.operationId)), op.operationId).toBe(true);
      const path = op.path.replace(/\{[^}]+\}/g, 'x-1');
      expect(recognise(op.method.toUpperCase(), path)?.operation, op.operationId).toBe(shortOperationName(op.operationId));
    }
  });

  test('operators change only what they name', () => {
    expect(stringOperator('trim', ' a ')).toBe('a');
    expect(stringOperator('escape-html', 'a<b')).toBe('a&lt;b');
    expect(stringOperator('escape-json', 'say "hi"')).toBe('say \\"hi\\"');
    expect(instantOperator('round-s', '2024-01-01T00:00:00.250Z', 0)).toBe('2024-01-01T00:00:00.000Z');
    expect(instantOperator('round-s', '2024-01-01T00:00:00.000Z', 0)).toBe('2024-01-01T00:00:00.000Z');
    const { value, changed } = applyAt({ notes: [{ message: ' x ' }, { message: 'y' }] }, ['notes', '[]', 'message'], (v) => stringOperator('trim', v));
    expect(value).toEqual({ notes: [{ message: 'x' }, { message: 'y' }] });
    expect(changed).toBe(1);
  });

  test('shadow mode changes nothing and counts what each mutant would change', async () => {
    const ids = ['gen:trim:RouterJob.notes[].message@getJob', 'gen:stale:RouterWorker.offers@acceptJobOffer', 'gen:error-unwrap:ErrorResponse@404', 'gen:refuse:CloseJobOptions.note=markup@closeJob', 'gen:truncate:RouterJob.id@getJob'];
    const clean = await observe([]);
    const shadow = await observe(ids, 'shadow');
    expect({ ...shadow, hits: {} }).toEqual({ ...clean, hits: {} });
    expect(shadow.hits['gen:trim:RouterJob.notes[].message@getJob']).toBeGreaterThan(0);
    expect(shadow.hits['gen:stale:RouterWorker.offers@acceptJobOffer']).toBeGreaterThan(0);
    expect(shadow.hits['gen:error-unwrap:ErrorResponse@404']).toBeGreaterThan(0);
    expect(shadow.hits['gen:refuse:CloseJobOptions.note=markup@closeJob']).toBeGreaterThan(0);
    // A short id is never cut: that mutant is out of the kit's reach and the probe says so.
    expect(shadow.hits['gen:truncate:RouterJob.id@getJob']).toBe(0);
  });

  test('hits are counted per client: the User-Agent of the request a mutant changed, and no request\'s for effects that came due', async () => {
    const id = 'gen:trim:RouterJob.notes[].message@getJob';
    const emulator = await startEmulator({ mutants: [id], mutantMode: 'shadow' });
    try {
      const send = clientFor(emulator.url, emulator.accessKey);
      const { jobId, workerId, offerId } = await setupOffered(send, 'ua');
      const accepted = await send('POST', `/routing/workers/${workerId}/offers/${offerId}:accept`);
      await send('POST', `/routing/jobs/${jobId}/assignments/${String(at(accepted.body, 'assignmentId'))}:close`, { body: { note: ' a note ' } });
      await send('GET', `/routing/jobs/${jobId}`, { headers: { 'user-agent': 'jobrouter-conformance-kit (CLOSE-NOTE-01)' } });
      expect(emulator.mutantClients()[id]).toEqual(['jobrouter-conformance-kit (CLOSE-NOTE-01)']);
    } finally {
      await emulator.close();
    }
    expect(requirementsReached(['jobrouter-conformance-kit (CLOSE-NOTE-01)', 'jobrouter-conformance-kit (CLOSE-AT-01)'])).toEqual(['CLOSE-AT-01', 'CLOSE-NOTE-01']);
    // A hit no requirement owns (an effect that came due, a client without the tag), or an unknown id: the whole suite.
    expect(requirementsReached(['jobrouter-conformance-kit (CLOSE-AT-01)', ''])).toBeUndefined();
    expect(requirementsReached(['jobrouter-conformance-kit (NO-SUCH-01)'])).toBeUndefined();
    expect(requirementsReached([])).toBeUndefined();
  });

  for (const [id, expectChange] of [
    ['gen:trim:RouterJob.notes[].message@getJob', (o: Observed) => expect(o.job.messages).toEqual(['a <b>note</b>'])],
    ['gen:stale:RouterWorker.offers@acceptJobOffer', (o: Observed) => expect(o.offersAfterAccept).toBe(1)],
    ['gen:error-unwrap:ErrorResponse@404', (o: Observed) => expect(at(o.missing.body, 'code')).toBe('NotFound')],
    ['gen:error-drop-header:ErrorResponse@404', (o: Observed) => expect(o.missing.header).toBeNull()],
    ['gen:refuse:CloseJobOptions.note=markup@closeJob', (o: Observed) => expect(o.closed.status).toBe(400)],
    ['gen:status-202:ActionResult@closeJob', (o: Observed) => expect(o.closed.status).toBe(202)],
    ['gen:noop:RouterJob.status=assigned@closeJob', (o: Observed) => expect(o.job.status).toBe('assigned')],
    ['gen:drop:AcceptJobOfferResult.assignmentId@acceptJobOffer', (o: Observed) => expect(o.accepted.keys).toEqual(['jobId', 'workerId'])],
  ] as const) {
    test(`${id} changes what a client observes`, async () => {
      const observed = await observe([id]);
      expectChange(observed);
      expect(observed.hits[id]).toBeGreaterThan(0);
    });
  }

  test('the domain and the HTTP adapter name no mutant: the layer is outside them', () => {
    const read = (dir: string): string => readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? read(join(dir, e.name)) : e.name.endsWith('.ts') ? readFileSync(join(dir, e.name), 'utf8') : '')).join('\n');
    const inner = `${read('emulator/src/domain')}\n${read('emulator/src/http')}`;
    expect(inner).not.toMatch(/mutant|gen:/i);
  });
});

type Observed = Awaited<ReturnType<typeof observe>>;
