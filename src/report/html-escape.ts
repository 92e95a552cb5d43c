/**
 * HTML built only through the `html` tag: every interpolated value is escaped unless it is already a SafeHtml.
 * Evidence holds arbitrary server text, so escaping by default is the only way to be sure nothing breaks out.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolated = SafeHtml | string | number | boolean | null | undefined | readonly Interpolated[];

/**
 * Characters shown as a visible escape (`\u001b`) rather than as themselves: C0/C1 controls other than tab and line
 * breaks, unpaired surrogates, and the bidirectional overrides that could make shown text read other than it is.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function escapeHtml(text: string): string {
  return showInvisible(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: readonly Interpolated[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** For trusted, static markup only (the inline stylesheet and script). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
