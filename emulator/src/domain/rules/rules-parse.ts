/**
 * The PowerFx subset served for expression rules, parsed by hand (never eval): number, string ("" escapes a quote)
 * and true/false literals; job labels as `job.Name` or `job.'Name with spaces'` (a missing label is Blank);
 * `+ - * /`, unary `-`, `&` (text join); `= <> < <= > >=`; `&&`/`And`/`and`, `||`/`Or`/`or`, `!`/`Not`/`not`;
 * parentheses; the functions If(c, a[, c2, b2, …][, else]), And(…), Or(…), Not(x), IsBlank(x) and Blank().
 * Anything else is refused with a message, so a rule outside the subset fails classification instead of guessing.
 */
export type FxValue = string | number | boolean | null;

export type BinaryOp = '+' | '-' | '*' | '/' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'and' | 'or';
export type FnName = 'if' | 'and' | 'or' | 'not' | 'isblank' | 'blank';

export type Node =
  | { readonly t: 'lit'; readonly v: FxValue }
  | { readonly t: 'label'; readonly name: string }
  | { readonly t: 'neg' | 'not'; readonly arg: Node }
  | { readonly t: 'bin'; readonly op: BinaryOp; readonly left: Node; readonly right: Node }
  | { readonly t: 'call'; readonly fn: FnName; readonly args: readonly Node[] };

type Token = { readonly k: 'num'; readonly v: number; readonly at: number }
  | { readonly k: 'str' | 'id' | 'qid' | 'op'; readonly v: string; readonly at: number }
  | { readonly k: 'end'; readonly at: number };

export type Compiled = { readonly ok: true; readonly node: Node } | { readonly ok: false; readonly message: string };

/** Longer sources and deeper nesting are refused, so a hostile rule cannot exhaust the stack. */
export const MAX_EXPRESSION_LENGTH = 2000;
const MAX_DEPTH = 48;
const OPS = ['<=', '>=', '<>', '&&', '||', '=', '<', '>', '+', '-', '*', '/', '&', '!', '(', ')', ',', '.'];
const ARITY: Readonly<Record<FnName, readonly [number, number]>> = { if: [2, 99], and: [1, 99], or: [1, 99], not: [1, 1], isblank: [1, 1], blank: [0, 0] };

class SubsetError {
  constructor(readonly reason: string, readonly at: number) {}
}

const SPACE = /\s+/y;
const NUMBER = /\d+(\.\d+)?([eE][+-]?\d+)?/y;
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;

/** The text matched by a sticky pattern at `at`, if any. */
function stick(pattern: RegExp, source: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(source)?.[0];
}

function tokenize(source: string): Token[] | SubsetError {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const space = stick(SPACE, source, i);
    if (space) {
      i += space.length;
      continue;
    }
    const num = stick(NUMBER, source, i);
    if (num) {
      tokens.push({ k: 'num', v: Number(num), at: i });
      i += num.length;
      continue;
    }
    const id = stick(NAME, source, i);
    if (id) {
      tokens.push({ k: 'id', v: id, at: i });
      i += id.length;
      continue;
    }
    const quote = source[i];
    if (quote === '"' || quote === '\'') {
      const text = readQuoted(source, i, quote);
      if (text instanceof SubsetError) return text;
      tokens.push({ k: quote === '"' ? 'str' : 'qid', v: text.value, at: i });
      i = text.next;
      continue;
    }
    const op = OPS.find((o) => source.startsWith(o, i));
    if (!op) return new SubsetError(`the character ${JSON.stringify(source[i])} is not served`, i);
    tokens.push({ k: 'op', v: op, at: i });
    i += op.length;
  }
  tokens.push({ k: 'end', at: source.length });
  return tokens;
}

/** A quoted run; the quote doubled stands for itself, as in PowerFx. */
function readQuoted(source: string, start: number, quote: string): { value: string; next: number } | SubsetError {
  let value = '';
  for (let i = start + 1; i < source.length; i++) {
    if (source[i] !== quote) {
      value += source[i];
      continue;
    }
    if (source[i + 1] === quote) {
      value += quote;
      i++;
      continue;
    }
    return { value, next: i + 1 };
  }
  return new SubsetError('a quoted text is not closed', start);
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { k: 'end', at: 0 };
  }

  private take(): Token {
    const token = this.peek();
    if (token.k !== 'end') this.index++;
    return token;
  }

  private isOp(value: string): boolean {
    const token = this.peek();
    return token.k === 'op' && token.v === value;
  }

  private isWord(...words: string[]): boolean {
    const token = this.peek();
    const next = this.tokens[this.index + 1];
    return token.k === 'id' && words.includes(token.v.toLowerCase()) && !(next?.k === 'op' && next.v === '(');
  }

  private expect(op: string): void {
    const token = this.take();
    if (token.k !== 'op' || token.v !== op) throw new SubsetError(`"${op}" was expected`, token.at);
  }

  parseAll(): Node {
    const node = this.or();
    const rest = this.peek();
    if (rest.k !== 'end') throw new SubsetError('unexpected text after the expression', rest.at);
    return node;
  }

  private nested<T>(at: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new SubsetError(`nesting deeper than ${MAX_DEPTH} levels is not served`, at);
    const result = parse();
    this.depth--;
    return result;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('||') || this.isWord('or')) {
      this.take();
      left = { t: 'bin', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.compare();
    while (this.isOp('&&') || this.isWord('and')) {
      this.take();
      left = { t: 'bin', op: 'and', left, right: this.compare() };
    }
    return left;
  }

  private compare(): Node {
    let left = this.concat();
    for (;;) {
      const token = this.peek();
      if (token.k !== 'op' || !['=', '<>', '<', '<=', '>', '>='].includes(token.v)) return left;
      this.take();
      left = { t: 'bin', op: token.v as BinaryOp, left, right: this.concat() };
    }
  }

  private concat(): Node {
    let left = this.additive();
    while (this.isOp('&')) {
      this.take();
      left = { t: 'bin', op: '&', left, right: this.additive() };
    }
    return left;
  }

  private additive(): Node {
    let left = this.multiplicative();
    while (this.isOp('+') || this.isOp('-')) {
      const op: BinaryOp = this.isOp('+') ? '+' : '-';
      this.take();
      left = { t: 'bin', op, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op: BinaryOp = this.isOp('*') ? '*' : '/';
      this.take();
      left = { t: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    const token = this.peek();
    if (this.isOp('-') || this.isOp('!') || this.isWord('not')) {
      this.take();
      const kind = token.k === 'op' && token.v === '-' ? 'neg' : 'not';
      return this.nested(token.at, () => ({ t: kind, arg: this.unary() }));
    }
    return this.primary();
  }

  private primary(): Node {
    const token = this.take();
    if (token.k === 'num') return { t: 'lit', v: token.v };
    if (token.k === 'str') return { t: 'lit', v: token.v };
    if (token.k === 'op' && token.v === '(') {
      const inner = this.nested(token.at, () => this.or());
      this.expect(')');
      return inner;
    }
    if (token.k === 'id') return this.word(token.v, token.at);
    if (token.k === 'end') throw new SubsetError('the expression ends too early', token.at);
    throw new SubsetError(`${JSON.stringify(token.v)} is not served here`, token.at);
  }

  private word(word: string, at: number): Node {
    const lower = word.toLowerCase();
    if (this.isOp('(')) return this.call(lower, word, at);
    if (lower === 'true' || lower === 'false') return { t: 'lit', v: lower === 'true' };
    if (lower !== 'job') throw new SubsetError(`the name "${word}" is not served (labels are read as job.Name)`, at);
    this.expect('.');
    const name = this.take();
    if (name.k !== 'id' && name.k !== 'qid') throw new SubsetError('a label name was expected after "job."', name.at);
    if (this.isOp('.')) throw new SubsetError('only a job\'s own labels are served (job.Name)', this.peek().at);
    return { t: 'label', name: name.v };
  }

  private call(fn: string, word: string, at: number): Node {
    if (!(fn in ARITY)) throw new SubsetError(`the function ${word}() is not served`, at);
    const name = fn as FnName;
    this.expect('(');
    const args = this.nested(at, () => {
      const list: Node[] = [];
      if (this.isOp(')')) return list;
      list.push(this.or());
      while (this.isOp(',')) {
        this.take();
        list.push(this.or());
      }
      return list;
    });
    this.expect(')');
    const [min, max] = ARITY[name];
    if (args.length < min || args.length > max) throw new SubsetError(`${word}() takes ${min === max ? min : `${min} or more`} arguments`, at);
    return { t: 'call', fn: name, args };
  }
}

export const quoteSource = (source: string): string => JSON.stringify(source.length > 200 ? `${source.slice(0, 200)}…` : source);

/** Parses once; the result is reused for every job classified by the policy. */
export function compileExpression(source: string): Compiled {
  const outside = (e: SubsetError): Compiled => ({ ok: false, message: `The expression ${quoteSource(source)} is outside the emulator's PowerFx subset: ${e.reason} (at character ${e.at + 1}).` });
  if (source.length > MAX_EXPRESSION_LENGTH) return outside(new SubsetError(`it is longer than ${MAX_EXPRESSION_LENGTH} characters`, MAX_EXPRESSION_LENGTH));
  const tokens = tokenize(source);
  if (tokens instanceof SubsetError) return outside(tokens);
  try {
    return { ok: true, node: new Parser(tokens).parseAll() };
  } catch (e) {
    if (e instanceof SubsetError) return outside(e);
    throw e;
  }
}
