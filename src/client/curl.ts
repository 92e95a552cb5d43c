/** A curl command that replays a recorded request. It is built from already-redacted parts. */
export interface CurlInput {
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | undefined;
}

/** POSIX single-quoting: safe for every byte except NUL, which HTTP text never carries. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Headers curl sets itself from the URL and body; repeating them would only go stale. */
const OMITTED = new Set(['host', 'content-length', 'connection']);

function authorizationPlaceholder(value: string): string {
  return /^bearer\b/i.test(value.trim())
    ? 'Bearer <redacted: supply your access token>'
    : '<redacted: re-sign with your access key>';
}

export function curlLine(input: CurlInput): string {
  const parts = ['curl', '--globoff', '--path-as-is', '-sS', '-i', '-X', input.method.toUpperCase(), shellQuote(input.url)];
  let signed = false;
  let hasContentType = false;
  for (const [name, value] of Object.entries(input.headers)) {
    const lower = name.toLowerCase();
    if (OMITTED.has(lower)) continue;
    if (lower === 'content-type') hasContentType = true;
    if (lower === 'authorization') {
      signed = !/^bearer\b/i.test(value.trim());
      parts.push('-H', shellQuote(`Authorization: ${authorizationPlaceholder(value)}`));
      continue;
    }
    parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  const hasBody = input.body !== undefined && input.body !== '';
  if (hasBody) {
    // curl would otherwise add application/x-www-form-urlencoded to --data-binary.
    if (!hasContentType) parts.push('-H', shellQuote('Content-Type:'));
    parts.push('--data-binary', shellQuote(input.body ?? ''));
  } else if (['POST', 'PUT', 'PATCH'].includes(input.method.toUpperCase())) {
    parts.push('-H', shellQuote('Content-Length: 0'));
  }
  const line = parts.join(' ');
  return signed ? `${line}  # x-ms-date and Authorization must be re-signed (HMAC-SHA256) before replaying` : line;
}
