import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { REQUIREMENT_ANNOTATION } from '../src/contract/evidence';
import { REQUIREMENTS, type Area } from '../src/contract/requirements';

/** One test of the conformance suite as Playwright lists it (no target contacted: --list runs nothing). */
interface ListedTest {
  readonly file: string;
  readonly title: string;
  readonly requirementIds: readonly string[];
}

function collect(suite: unknown, into: ListedTest[]): void {
  if (typeof suite !== 'object' || suite === null) return;
  const specs: unknown = 'specs' in suite ? suite.specs : [];
  const suites: unknown = 'suites' in suite ? suite.suites : [];
  for (const spec of Array.isArray(specs) ? (specs as unknown[]) : []) {
    if (typeof spec !== 'object' || spec === null || !('title' in spec) || !('file' in spec) || !('tests' in spec)) continue;
    const tests = Array.isArray(spec.tests) ? (spec.tests as unknown[]) : [];
    const ids = tests.flatMap((t) => {
      const annotations: unknown = typeof t === 'object' && t !== null && 'annotations' in t ? t.annotations : [];
      return (Array.isArray(annotations) ? (annotations as unknown[]) : []).flatMap((a) =>
        typeof a === 'object' && a !== null && 'type' in a && a.type === REQUIREMENT_ANNOTATION && 'description' in a && typeof a.description === 'string' ? [a.description] : [],
      );
    });
    into.push({ file: String(spec.file), title: String(spec.title), requirementIds: [...new Set(ids)] });
  }
  for (const child of Array.isArray(suites) ? (suites as unknown[]) : []) collect(child, into);
}

function listSuite(): ListedTest[] {
  // --reporter=json replaces the configured reporters, so listing never writes a conformance report.
  const out = execFileSync('node_modules/.bin/playwright', ['test', '-c', 'playwright.config.ts', '--list', '--reporter=json'], {
    encoding: 'utf8',
    maxBuffer: 32 * 1024 * 1024,
    env: { ...process.env, JOBROUTER_RUN_PREFIX: 'catalog-list' },
  });
  const parsed: unknown = JSON.parse(out);
  const listed: ListedTest[] = [];
  const suites: unknown = typeof parsed === 'object' && parsed !== null && 'suites' in parsed ? parsed.suites : [];
  for (const suite of Array.isArray(suites) ? (suites as unknown[]) : []) collect(suite, listed);
  return listed;
}

const leadingId = (title: string): string => title.split(' ')[0] ?? '';

test.describe('requirement catalog ↔ specs', () => {
  // One worker lists the suite once; every check still reports on its own.
  test.describe.configure({ mode: 'default' });
  let listed: ListedTest[] = [];
  test.beforeAll(() => {
    listed = listSuite();
  });

  test('every requirement has a test', () => {
    const tested = new Set(listed.flatMap((t) => t.requirementIds));
    expect(REQUIREMENTS.map((r) => r.id).filter((id) => !tested.has(id)), 'requirements without a test').toEqual([]);
  });

  test('every test proves exactly one catalog requirement', () => {
    const known = new Set(REQUIREMENTS.map((r) => r.id));
    const stray = listed.filter((t) => t.requirementIds.length !== 1 || !known.has(t.requirementIds[0] ?? '') || leadingId(t.title) !== t.requirementIds[0]);
    expect(stray.map((t) => `${t.file}: ${t.title} [${t.requirementIds.join(', ')}]`), 'tests without exactly one known requirement').toEqual([]);
  });

  test('no requirement id is proved twice or listed twice in the catalog', () => {
    const count = (ids: readonly string[]): string[] => ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(count(REQUIREMENTS.map((r) => r.id)), 'duplicate ids in the catalog').toEqual([]);
    expect(count(listed.flatMap((t) => t.requirementIds)), 'requirements with more than one test').toEqual([]);
  });

  test('each title is the id followed by the catalog title, verbatim', () => {
    const byId = new Map(REQUIREMENTS.map((r) => [r.id, `${r.id} ${r.title}`]));
    const wrong = listed.filter((t) => byId.has(leadingId(t.title)) && byId.get(leadingId(t.title)) !== t.title);
    expect(wrong.map((t) => `${t.title}\n   expected: ${byId.get(leadingId(t.title))}`), 'titles that differ from the catalog').toEqual([]);
  });

  test('each test lives in the spec file of its area', () => {
    const areaOf = new Map<string, Area>(REQUIREMENTS.map((r) => [r.id, r.area]));
    const misplaced = listed.filter((t) => {
      const area = areaOf.get(t.requirementIds[0] ?? '');
      return area !== undefined && t.file !== `${area}.spec.ts`;
    });
    expect(misplaced.map((t) => `${t.requirementIds[0]} in ${t.file}`), 'tests outside their area file').toEqual([]);
  });
});
