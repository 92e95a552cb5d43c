import { expect, test } from '@playwright/test';
import fc from 'fast-check';
import { upsertClassificationPolicy } from '../src/domain/classification/classification';
import { upsertJob } from '../src/domain/jobs/jobs';
import { routerWith } from './domain-fixture';
import { compileExpression, evaluateExpression } from '../src/domain/rules/rules-expression';
import { MAX_EXPRESSION_LENGTH } from '../src/domain/rules/rules-parse';
import { compileRule, ruleSelectors, ruleValue } from '../src/domain/rules/rules';

/** The PowerFx subset of expression rules, and the static and directMap rules, without a router. */
function evaluate(source: string, labels: Record<string, unknown> = {}): unknown {
  const result = evaluateExpression(compileExpression(source), labels, source);
  return result.ok ? result.value : `error: ${result.message}`;
}

test.describe('expression rules: the served PowerFx subset', () => {
  test('the expressions of the published samples', () => {
    expect(evaluate('If(job.Escalated = true, 10, 1)', { Escalated: true })).toBe(10);
    expect(evaluate('If(job.Hardware_VIP = true, 10, 1)', {})).toBe(1);
    expect(evaluate('job.Region = "NA"', { Region: 'NA' })).toBe(true);
    expect(evaluate('If(job.Product = "O365", true, false)', { Product: 'XBx' })).toBe(false);
    expect(evaluate('If(job.HighPriority = "true", 50, 10)', { HighPriority: 'true' })).toBe(50);
    expect(evaluate('job.Urgent = true', { Urgent: true })).toBe(true);
  });

  test('literals, arithmetic, comparison, logic, text join and the functions', () => {
    const cases: [string, Record<string, unknown>, unknown][] = [
      ['1 + 2 * 3 - -4 / 2', {}, 9],
      ['(1 + 2) * 3', {}, 9],
      ['2.5e1', {}, 25],
      ['job.a > 3 and job.b <> "x" or false', { a: 5, b: 'y' }, true],
      ['job.a >= 5 && job.a <= 5 && !(job.a < 5) && Not(job.a > 5)', { a: 5 }, true],
      ['job.a > 9 || job.a = 5', { a: 5 }, true],
      ['And(true, job.a = 1, Or(false, true))', { a: 1 }, true],
      ['"a""b" & job.\'x y\' & 1 & true', { 'x y': 'Z' }, 'a"bZ1true'],
      ['If(job.t = 1, "one", job.t = 2, "two", "many")', { t: 2 }, 'two'],
      ['If(job.t = 1, "one", job.t = 2, "two", "many")', { t: 7 }, 'many'],
      ['If(false, 1)', {}, null],
      ['IsBlank(job.nope) and IsBlank(Blank()) and not IsBlank(job.a)', { a: 0 }, true],
      ['job.missing + 1', {}, 1],
      ['job.missing = Blank()', {}, true],
      ['job.missing = 0', {}, false],
      ['TRUE = true', {}, true],
      ['job.__proto__ = 1', {}, false],
    ];
    for (const [source, labels, expected] of cases) expect(evaluate(source, labels), source).toBe(expected);
  });

  test('anything outside the subset is refused with the reason and the place', () => {
    const outside = (source: string) => String(evaluate(source));
    expect(outside('Switch(job.a, 1, 2)')).toContain('the function Switch() is not served (at character 1)');
    expect(outside('worker.Skill > 1')).toContain('the name "worker" is not served');
    expect(outside('job.a.b = 1')).toContain('only a job\'s own labels are served');
    expect(outside('job.a = 1;')).toContain('the character ";" is not served');
    expect(outside('"open')).toContain('a quoted text is not closed');
    expect(outside('If(true)')).toContain('If() takes 2 or more arguments');
    expect(outside('1 +')).toContain('the expression ends too early');
    expect(outside('1 2')).toContain('unexpected text after the expression');
    expect(outside(`${'('.repeat(60)}1${')'.repeat(60)}`)).toContain('nesting deeper than 48 levels');
    expect(outside(`${'-'.repeat(60)}1`)).toContain('nesting deeper than 48 levels');
    expect(outside('1'.repeat(MAX_EXPRESSION_LENGTH + 1))).toContain(`longer than ${MAX_EXPRESSION_LENGTH} characters`);
  });

  test('type errors are errors, never a silent answer', () => {
    expect(evaluate('job.s = 1', { s: '1' })).toBe('error: The expression "job.s = 1" could not be evaluated: "=" compares text "1" with number 1.');
    expect(evaluate('job.s + 1', { s: 'x' })).toContain('"+" needs numbers, not text "x"');
    expect(evaluate('"a" < "b"')).toContain('"<" needs numbers');
    expect(evaluate('If(1, 2, 3)')).toContain('an If() condition needs true or false, not number 1');
    expect(evaluate('1 / (2 - 2)')).toContain('a division by zero');
    expect(evaluate('1e308 * 10')).toContain('a number out of range');
  });
});

test.describe('static and directMap rules', () => {
  test('a static rule gives its value; directMap gives selectors and no value', () => {
    expect(ruleValue(compileRule({ kind: 'static', value: 5 }), {}, 'rule')).toEqual({ ok: true, value: 5 });
    expect(ruleValue(compileRule({ kind: 'static' }), {}, 'rule')).toEqual({ ok: true, value: null });
    const map = compileRule({ kind: 'directMap' });
    expect(ruleSelectors(map, { a: 1, b: 'x' }, 'rule')).toEqual({ ok: true, value: [{ key: 'a', labelOperator: 'equal', value: 1 }, { key: 'b', labelOperator: 'equal', value: 'x' }] });
    expect(ruleValue(map, {}, 'rule')).toEqual({ ok: false, failure: { code: 'InvalidRuleResult', message: 'rule is a directMap rule, which yields selectors rather than a value.' } });
  });
});

test.describe('hostile input never throws', () => {
  test('arbitrary text compiles or is refused, and evaluates or fails, as values', () => {
    const pieces = fc.constantFrom('job.', 'If(', ')', ',', '"', '\'', '=', '<>', '&&', 'and ', 'Not ', '-', '(', '1', 'true', ' ', 'x', '&', '/0');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.array(pieces, { maxLength: 40 }).map((p) => p.join(''))), (source) => {
      const result = evaluateExpression(compileExpression(source), { x: 1 }, source);
      expect(typeof result.ok).toBe('boolean');
    }), { numRuns: 2_000 });
  });

  test('arbitrary policy documents are accepted or refused, and jobs naming them are classified or fail, without throwing', () => {
    const r = routerWith();
    const rule = fc.record({ kind: fc.constantFrom('static', 'directMap', 'expression', 'x'), value: fc.jsonValue(), expression: fc.constantFrom('job.a = 1', 'If(job.b, 1, 2)', '1 +', 'job.a') }, { requiredKeys: [] });
    const selector = fc.record({ key: fc.constantFrom('a', 'b', 'Id'), labelOperator: fc.constantFrom('equal', 'lessThan', 'bad'), value: fc.jsonValue() }, { requiredKeys: [] });
    const attachment = fc.record({
      kind: fc.constantFrom('static', 'conditional', 'passThrough', 'ruleEngine', 'weightedAllocation'), queueSelector: selector, workerSelector: selector,
      condition: rule, rule, key: fc.constantFrom('a', 'b'), labelOperator: fc.constantFrom('equal', 'greaterThan'),
      queueSelectors: fc.array(selector, { maxLength: 2 }), workerSelectors: fc.array(selector, { maxLength: 2 }),
      allocations: fc.array(fc.record({ weight: fc.constantFrom(0.5, 1, 0), queueSelectors: fc.array(selector), workerSelectors: fc.array(selector) }), { maxLength: 2 }),
    }, { requiredKeys: [] });
    const policy = fc.record({
      fallbackQueueId: fc.constantFrom('q', 'none', 3), prioritizationRule: rule,
      queueSelectorAttachments: fc.oneof(fc.array(attachment, { maxLength: 3 }), fc.jsonValue()), workerSelectorAttachments: fc.array(attachment, { maxLength: 3 }),
    }, { requiredKeys: [] });
    let n = 0;
    fc.assert(fc.property(policy, fc.dictionary(fc.constantFrom('a', 'b'), fc.oneof(fc.integer(), fc.boolean(), fc.string())), (body, labels) => {
      n++;
      const upserted = upsertClassificationPolicy(r.ctx, `p${n}`, body);
      expect([200, 400, 501]).toContain(upserted.ok ? 200 : upserted.error.status);
      if (upserted.ok) upsertJob(r.ctx, `j${n}`, { channelId: 'voice', classificationPolicyId: `p${n}`, labels });
      r.domain.tick();
      const status = r.ctx.store.jobs.get(`j${n}`)?.status;
      expect([undefined, 'queued', 'classificationFailed']).toContain(status);
    }), { numRuns: 500 });
  });
});
