import { type Finding, formatFinding, GENERIC_STEP, parseFinding } from '../contract/finding';

/**
 * Turns whatever a failed test threw into a finding, so no report shows a matcher's boilerplate. Fixtures and checks
 * throw findings already; what is left are plain `expect(x, 'what').toBe(y)` calls in specs, setup steps that did not
 * work ("precondition not met: …") and other errors, each read here into expected / observed lines.
 */

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
const MATCHER = /^expect\((?:received|locator|page)\)\S*\([^)]*\)[^\n]*$/m;
/** "Expected: 3", "Expected value: …", "Received array: …", "Expected constructor: Date" */
const LABELLED = /^(Expected|Received)(?: [a-z]+)?:\s?(.*)$/;
/** Expected/Received lines without their matcher line (a message cut or rewritten on the way). */
const BARE_VALUES = /(?=^(?:Expected(?: [a-z]+)?:|- Expected\b))/m;
const CURL = /(?:^|\n)\s*(?:reproduce:\s*)?(curl [^\n]+)/;

const squash = (text: string, max = 400): string => {
  const line = text.replace(/\s*\n\s*/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function withoutPrefix(text: string): string {
  return text.replace(ANSI, '').trim().replace(/^(?:[A-Za-z]*Error|[A-Z][a-z]+(?:[A-Z][a-z]+)+): /, '');
}

/** Expected/received values after the matcher line: labelled lines, or the two sides of a `- Expected / + Received` diff. */
function matcherValues(tail: string): { expected?: string; received?: string } {
  const expected: string[] = [];
  const received: string[] = [];
  let inDiff = false;
  for (const raw of tail.split('\n')) {
    const line = raw.trimEnd();
    if (/^- Expected\b/.test(line) || /^\+ Received\b/.test(line)) {
      inDiff = true;
      continue;
    }
    const labelled = LABELLED.exec(line.trim());
    if (labelled && !inDiff) (labelled[1] === 'Expected' ? expected : received).push(labelled[2]?.trim() ?? '');
    else if (inDiff && line.startsWith('- ')) expected.push(line.slice(2).trim());
    else if (inDiff && line.startsWith('+ ')) received.push(line.slice(2).trim());
  }
  return {
    ...(expected.length ? { expected: squash(expected.join(' '), 300) } : {}),
    ...(received.length ? { received: squash(received.join(' '), 300) } : {}),
  };
}

/** A custom message that is the whole story (the matcher only compared a boolean): split it into its two halves. */
function fromStatement(custom: string, fallbackExpected: string): Finding {
  const curl = CURL.exec(custom)?.[1];
  const body = curl ? custom.replace(CURL, '') : custom;
  const [head = '', ...rest] = body.split('\n');
  const got = /^expected (.+?)(?:;|,)?\s*got:?\s*(.*)$/i.exec(head);
  if (got) return { expected: got[1] ?? fallbackExpected, observed: squash([got[2], ...rest].filter(Boolean).join(' ')), ...(curl ? { reproduce: curl } : {}) };
  const seen = /^(.*?);? last seen: (.*)$/s.exec(body);
  if (seen) return { expected: squash(seen[1] ?? ''), observed: squash(seen[2] ?? '', 300), ...(curl ? { reproduce: curl } : {}) };
  return { expected: fallbackExpected, observed: squash(head, 1000), ...(rest.join('\n').trim() ? { detail: rest.join('\n').trim() } : {}), ...(curl ? { reproduce: curl } : {}) };
}

function fromMatcher(text: string, match: RegExpExecArray, fallbackExpected: string): Finding {
  const custom = text.slice(0, match.index).trim();
  const { expected, received } = matcherValues(text.slice(match.index + match[0].length));
  const booleanOnly = (expected === 'true' && received === 'false') || (expected === 'false' && received === 'true');
  if (custom && (booleanOnly || received === undefined)) return fromStatement(custom, fallbackExpected);
  const what = custom ? squash(custom.split('\n')[0] ?? '', 200) : '';
  return {
    expected: what ? `${what}: ${expected ?? '(see the requirement)'}` : (expected ?? fallbackExpected),
    observed: received ?? '(no value)',
    ...(custom.includes('\n') ? { detail: custom.split('\n').slice(1).join('\n').trim() } : {}),
  };
}

/** "precondition not met: <step>: <why>", followed by the step's finding lines when a fixture wrote them. */
function fromPrecondition(text: string, fallbackExpected: string): Finding | undefined {
  const head = /^precondition not met: (.+?): (.*)$/m.exec(text);
  if (!head) return undefined;
  const at = text.indexOf('\nstep: ');
  const written = at >= 0 ? parseFinding(text.slice(at + 1)) : undefined;
  if (written?.step) return written;
  return { step: head[1] ?? 'a setup step', expected: fallbackExpected, observed: squash(head[2] ?? '', 2000) };
}

/**
 * The finding in a failed or errored test's message. `status` tells a failure (the target broke the requirement)
 * from an error (the kit could not check it: the finding names the step and why); `title` stands in for "expected"
 * when the message does not say.
 */
export function normaliseFailure(message: string, status: 'failed' | 'error', title: string): Finding {
  const text = withoutPrefix(message);
  const written = parseFinding(text);
  if (written) {
    const { detail, ...rest } = written;
    const kept = detail === undefined ? '' : scrub(detail);
    return kept ? { ...rest, detail: kept } : rest;
  }
  const precondition = fromPrecondition(text, title);
  if (precondition) return precondition;
  const matcher = MATCHER.exec(text) ?? BARE_VALUES.exec(text);
  if (matcher) return fromMatcher(text, matcher, title);
  const [head = '', ...rest] = text.split('\n');
  const detail = rest.join('\n').trim();
  if (status === 'error') return { step: GENERIC_STEP, expected: title, observed: squash(head, 2000), ...(detail ? { detail } : {}) };
  return fromStatement(text, title);
}

/** The message as every report shows it: the finding's labelled lines, with no matcher text left anywhere. */
export function normaliseMessage(message: string, status: 'failed' | 'error', title: string): string {
  return scrub(formatFinding(normaliseFailure(message, status, title)));
}

/** Drops matcher boilerplate that may still sit inside details (a case's nested error, a joined message). */
export function scrub(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/^\s*expect\((?:received|locator|page)\)[^\n]*\n?/gm, '')
    .replace(/\s*\/\/ (?:Object\.is|deep) equality/g, '')
    .replace(/^\s*(?:Expected|Received)(?: [a-z]+)?: [^\n]*\n?/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
