import type { JsonObject } from '../kernel/json';
import { quoteSource, type BinaryOp, type Compiled, type FxValue, type Node } from './rules-parse';

/** Evaluation of the PowerFx subset compiled by rules-parse.ts, against one job's labels. */
export { compileExpression, type Compiled, type FxValue } from './rules-parse';

export type Evaluation = { readonly ok: true; readonly value: FxValue } | { readonly ok: false; readonly message: string };

type Step = { readonly ok: true; readonly v: FxValue } | { readonly ok: false; readonly reason: string };
const good = (v: FxValue): Step => ({ ok: true, v });
const bad = (reason: string): Step => ({ ok: false, reason });
const typeOf = (v: FxValue): string => (v === null ? 'Blank' : typeof v === 'string' ? 'text' : typeof v);

/** Blank counts as 0 in arithmetic and ordering, and as false in logic, as in PowerFx. */
function asNumber(step: Step, op: string): Step {
  if (!step.ok) return step;
  if (step.v === null) return good(0);
  return typeof step.v === 'number' ? step : bad(`"${op}" needs numbers, not ${typeOf(step.v)} ${JSON.stringify(step.v)}`);
}

function asBoolean(step: Step, what: string): Step {
  if (!step.ok) return step;
  if (step.v === null) return good(false);
  return typeof step.v === 'boolean' ? step : bad(`${what} needs true or false, not ${typeOf(step.v)} ${JSON.stringify(step.v)}`);
}

const asText = (v: FxValue): string => (v === null ? '' : String(v));

function equal(a: FxValue, b: FxValue): Step {
  if (a === null || b === null) return good(a === b);
  if (typeof a !== typeof b) return bad(`"=" compares ${typeOf(a)} ${JSON.stringify(a)} with ${typeOf(b)} ${JSON.stringify(b)}`);
  return good(a === b);
}

function arithmetic(op: BinaryOp, a: number, b: number): Step {
  let v: number;
  switch (op) {
    case '+': v = a + b; break;
    case '-': v = a - b; break;
    case '*': v = a * b; break;
    default:
      if (b === 0) return bad('a division by zero');
      v = a / b;
  }
  return Number.isFinite(v) ? good(v) : bad('a number out of range');
}

function order(op: BinaryOp, a: number, b: number): boolean {
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
}

function binary(node: Extract<Node, { t: 'bin' }>, labels: JsonObject): Step {
  if (node.op === 'and' || node.op === 'or') {
    const left = asBoolean(run(node.left, labels), `"${node.op}"`);
    if (!left.ok || left.v === (node.op === 'or')) return left;
    return asBoolean(run(node.right, labels), `"${node.op}"`);
  }
  const left = run(node.left, labels);
  const right = run(node.right, labels);
  if (!left.ok) return left;
  if (!right.ok) return right;
  if (node.op === '&') return good(asText(left.v) + asText(right.v));
  if (node.op === '=' || node.op === '<>') {
    const same = equal(left.v, right.v);
    return !same.ok || node.op === '=' ? same : good(!same.v);
  }
  const a = asNumber(left, node.op);
  const b = asNumber(right, node.op);
  if (!a.ok) return a;
  if (!b.ok) return b;
  const [x, y] = [a.v as number, b.v as number];
  return node.op === '<' || node.op === '<=' || node.op === '>' || node.op === '>=' ? good(order(node.op, x, y)) : arithmetic(node.op, x, y);
}

function call(node: Extract<Node, { t: 'call' }>, labels: JsonObject): Step {
  const { fn, args } = node;
  if (fn === 'blank') return good(null);
  if (fn === 'isblank') {
    const v = run(args[0]!, labels);
    return v.ok ? good(v.v === null || v.v === '') : v;
  }
  if (fn === 'not') {
    const v = asBoolean(run(args[0]!, labels), 'Not()');
    return v.ok ? good(!v.v) : v;
  }
  if (fn === 'and' || fn === 'or') {
    for (const arg of args) {
      const v = asBoolean(run(arg, labels), fn === 'and' ? 'And()' : 'Or()');
      if (!v.ok || v.v === (fn === 'or')) return v;
    }
    return good(fn === 'and');
  }
  for (let i = 0; i + 1 < args.length; i += 2) {
    const condition = asBoolean(run(args[i]!, labels), 'an If() condition');
    if (!condition.ok) return condition;
    if (condition.v === true) return run(args[i + 1]!, labels);
  }
  return args.length % 2 === 1 ? run(args[args.length - 1]!, labels) : good(null);
}

function run(node: Node, labels: JsonObject): Step {
  switch (node.t) {
    case 'lit': return good(node.v);
    case 'label': {
      if (!Object.hasOwn(labels, node.name)) return good(null);
      const v = labels[node.name];
      return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) ? good(v) : good(null);
    }
    case 'neg': {
      const v = asNumber(run(node.arg, labels), '-');
      return v.ok ? good(-(v.v as number)) : v;
    }
    case 'not': {
      const v = asBoolean(run(node.arg, labels), 'Not');
      return v.ok ? good(!v.v) : v;
    }
    case 'bin': return binary(node, labels);
    case 'call': return call(node, labels);
  }
}

/** Evaluates a compiled expression against a job's labels. */
export function evaluateExpression(compiled: Compiled, labels: JsonObject, source: string): Evaluation {
  if (!compiled.ok) return compiled;
  const step = run(compiled.node, labels);
  return step.ok ? { ok: true, value: step.v } : { ok: false, message: `The expression ${quoteSource(source)} could not be evaluated: ${step.reason}.` };
}
