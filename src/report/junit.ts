import type { ConformanceReport, RequirementResult } from './model';

/** JUnit XML for CI test publishers: one testsuite per area, one testcase per requirement. */

// XML 1.0 forbids most control characters even when escaped; server text can contain them.
function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
}

function dropInvalid(text: string): string {
  let out = '';
  for (const ch of text) if (isXmlChar(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

export function xmlEscape(text: string): string {
  return dropInvalid(text)
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

function testcase(r: RequirementResult): string {
  const props = [property('requirement', r.id), property('level', r.level), property('operation', r.operation), property('status', r.status), property('source', r.source)];
  if (r.waiver) props.push(property('waiver', `${r.waiver.reason} (${r.waiver.link}, expires ${r.waiver.expires})`));
  if (r.diff) props.push(property('diff', r.diff.mark));
  const body: string[] = [`<properties>${props.join('')}</properties>`];
  const message = r.message ?? '';
  if (r.status === 'failed') body.push(`<failure message="${xmlEscape(firstLine(message))}" type="${r.level}">${xmlEscape(message)}</failure>`);
  else if (r.status === 'xpassed') body.push(`<failure message="${xmlEscape(firstLine(message))}" type="stale-waiver">${xmlEscape(message)}</failure>`);
  else if (r.status === 'error') body.push(`<error message="${xmlEscape(firstLine(message))}" type="HarnessError">${xmlEscape(message)}</error>`);
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

export function renderJUnit(report: ConformanceReport): string {
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
    ...report.problems.map((p) => property('problem', p)),
  ];
  const suites = [...areas].map(([area, list]) => {
    const head = `  <testsuite name="${xmlEscape(area)}" timestamp="${xmlEscape(report.startedAt)}" ${attrs(countsOf(list))}>`;
    return `${head}\n    <properties>${runProps.join('')}</properties>\n${list.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const total = { ...countsOf(report.requirements), time: report.durationMs };
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="Job Router conformance (${xmlEscape(report.apiVersion)})" ${attrs(total)}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
