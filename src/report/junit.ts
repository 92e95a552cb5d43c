import { BoundedText } from './bounded';
import { REPORT_BOUNDS } from './bounds';
import { showInvisible } from './html-escape';
import type { ConformanceReport, RequirementResult } from './model';
import { whyLine } from './findings';

/**
 * JUnit XML for CI test publishers: one testsuite per area, one testcase per requirement; never larger than `limit`
 * bytes (testcases that no longer fit keep only the first line of their message).
 */

// XML 1.0 forbids most control characters even when escaped; server text can contain them, so they are shown as
// visible escapes (\u0007), as on the HTML page.
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

function showInvalid(text: string): string {
  let out = '';
  for (const ch of showInvisible(text)) {
    const code = ch.codePointAt(0) ?? 0;
    out += isXmlChar(code) ? ch : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return out;
}

export function xmlEscape(text: string): string {
  return showInvalid(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function property(name: string, value: string): string {
  return `<property name="${xmlEscape(name)}" value="${xmlEscape(value)}"/>`;
}

function firstLine(text: string | undefined): string {
  return (text ?? '').split('\n', 1)[0]?.slice(0, 500) ?? '';
}

function testcase(r: RequirementResult, short = false): string {
  const props = [property('requirement', r.id), property('level', r.level), property('operation', r.operation), property('status', r.status), property('source', r.source)];
  if (r.waiver) props.push(property('waiver', `${r.waiver.reason} (${r.waiver.link}, expires ${r.waiver.expires})`));
  if (r.diff) props.push(property('diff', r.diff.mark));
  const body: string[] = [`<properties>${props.join('')}</properties>`];
  const message = short ? `${firstLine(r.message)} (cut: junit.xml keeps within its size bound; see conformance.json)` : (r.message ?? '');
  // The attribute is what CI pages list: the finding in one line (expected · observed, or the step not done).
  const why = xmlEscape(short ? firstLine(message) : whyLine(r, 500));
  if (r.status === 'failed') body.push(`<failure message="${why}" type="${r.level}">${xmlEscape(message)}</failure>`);
  else if (r.status === 'xpassed') body.push(`<failure message="${why}" type="stale-waiver">${xmlEscape(message)}</failure>`);
  else if (r.status === 'error') body.push(`<error message="${why}" type="HarnessError">${xmlEscape(message)}</error>`);
  else if (r.status === 'skipped') body.push(`<skipped message="${xmlEscape(firstLine(message))}"/>`);
  else if (r.status === 'waived') body.push(`<system-out>${xmlEscape(`WAIVED: ${r.waiver?.reason ?? ''} ${r.waiver?.link ?? ''}\n\n${message}`)}</system-out>`);
  const name = `${r.id} ${r.title}`;
  return `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(`${r.area}.${r.operation}`)}" time="${seconds(r.durationMs)}">\n      ${body.join('\n      ')}\n    </testcase>`;
}

interface Counts { tests: number; failures: number; errors: number; skipped: number; time: number }

function countsOf(list: readonly RequirementResult[]): Counts {
  return {
    tests: list.length,
    failures: list.filter((r) => r.status === 'failed' || r.status === 'xpassed').length,
    errors: list.filter((r) => r.status === 'error').length,
    skipped: list.filter((r) => r.status === 'skipped').length,
    time: list.reduce((sum, r) => sum + r.durationMs, 0),
  };
}

function attrs(c: Counts): string {
  return `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(c.time)}"`;
}

export function renderJUnit(report: ConformanceReport, limit: number = REPORT_BOUNDS.fileBytes['junit.xml']): string {
  const areas = new Map<string, RequirementResult[]>();
  for (const r of report.requirements) areas.set(r.area, [...(areas.get(r.area) ?? []), r]);
  // Run-level facts repeat on every testsuite: <testsuites> has no <properties> in the JUnit schema CI tools use.
  const runProps = [
    property('verdict', report.verdict),
    property('verdictReason', report.verdictReason),
    property('target', report.target),
    property('apiVersion', report.apiVersion),
    property('profile', report.profile),
    property('kitVersion', report.kitVersion),
  ];
  const problems = report.problems.map((p) => property('problem', p));
  const total = { ...countsOf(report.requirements), time: report.durationMs };
  const opening = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="Job Router conformance (${xmlEscape(report.apiVersion)})" ${attrs(total)}>\n`;
  const suites = [...areas].map(([area, list]) => {
    const open = `  <testsuite name="${xmlEscape(area)}" timestamp="${xmlEscape(report.startedAt)}" ${attrs(countsOf(list))}>\n    <properties>`;
    return { list, full: `${open}${[...runProps, ...problems].join('')}</properties>\n`, bare: `${open}${runProps.slice(0, 1).join('')}</properties>\n` };
  });
  const close = '  </testsuite>\n';
  const closing = '</testsuites>\n';
  // Held back: every suite's bare head and closing tag, and the document's end, so the XML always stays whole.
  const out = new BoundedText(limit, Buffer.byteLength(opening + closing) + suites.reduce((n, s) => n + Buffer.byteLength(s.bare + close), 0));
  out.close(opening);
  for (const suite of suites) {
    out.release(Buffer.byteLength(suite.bare));
    out.add(suite.full, suite.bare);
    for (const r of suite.list) out.add(() => `${testcase(r)}\n`, () => `${testcase(r, true)}\n`);
    out.close(close);
  }
  out.close(closing);
  return out.toString();
}
