/**
 * Redaction happens once, where an ExchangeRecord is made. Everything downstream (reports, traces, attachments)
 * may then print evidence freely.
 */
export const REDACTED = '<redacted>';

/** Query parameters whose values are credentials whatever the configured secrets are (SAS signatures, tokens). */
const SECRET_QUERY_PARAMS = /^(sig|signature|token|access_token|key|accesskey|access_key|code|api-key|apikey)$/i;

/**
 * A secret can leak in transformed shapes: percent-encoded in a URL, base64-encoded in a body or a basic header.
 * Longest first; the report's second pass (src/report/redact.ts) looks for the same forms.
 */
export function formsOf(secret: string): readonly string[] {
  let forms = FORMS.get(secret);
  if (!forms) FORMS.set(secret, (forms = computeForms(secret)));
  return forms;
}

/** Every header of every exchange is redacted: the forms of a secret are worked out once per process. */
const FORMS = new Map<string, readonly string[]>();

function computeForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret)]);
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(encodeURIComponent(b64));
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  // An ACS access key is itself base64; its base64url spelling is the same bytes.
  if (/^[A-Za-z0-9+/]+=*$/.test(secret)) forms.add(secret.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  // Longest first, so a form that contains another is replaced whole.
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of formsOf(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** The Authorization value with its credential part replaced, keeping the scheme so the evidence shows how it signed. */
export function redactAuthorization(value: string): string {
  const hmac = /^HMAC-SHA256\s+SignedHeaders=([^&]*)&Signature=.*$/i.exec(value.trim());
  if (hmac) return `HMAC-SHA256 SignedHeaders=${hmac[1] ?? ''}&Signature=${REDACTED}`;
  const scheme = /^(\S+)\s+/.exec(value.trim());
  return scheme ? `${scheme[1] ?? ''} ${REDACTED}` : REDACTED;
}

export function redactHeaders(headers: Readonly<Record<string, string>>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') out[name] = redactAuthorization(value);
    else if (lower === 'cookie' || lower === 'set-cookie') out[name] = REDACTED;
    else out[name] = redact(value, secrets);
  }
  return out;
}

/** Works on the URL text, not a parsed URL, so the evidence keeps the exact encoding that was sent. */
export function redactUrl(url: string, secrets: readonly string[]): string {
  const hashAt = url.indexOf('#');
  const withoutHash = hashAt >= 0 ? url.slice(0, hashAt) : url;
  const queryAt = withoutHash.indexOf('?');
  let out = withoutHash;
  if (queryAt >= 0) {
    const params = withoutHash
      .slice(queryAt + 1)
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const name = eq >= 0 ? pair.slice(0, eq) : pair;
        let decoded = name;
        try {
          decoded = decodeURIComponent(name);
        } catch {
          // a malformed escape is kept as is; it is still compared by its raw spelling
        }
        return eq >= 0 && SECRET_QUERY_PARAMS.test(decoded) ? `${name}=${REDACTED}` : pair;
      });
    out = `${withoutHash.slice(0, queryAt)}?${params.join('&')}`;
  }
  // user:password@ in the authority
  out = out.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]+@/i, `$1${REDACTED}@`);
  return redact(out, secrets);
}
