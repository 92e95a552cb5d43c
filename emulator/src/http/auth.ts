import type { IncomingHttpHeaders } from 'node:http';
import { contentHash, parseAuthorization, SIGNED_HEADERS, signatureMatches } from '../signer';
import { errors, type RouterError } from '../domain/kernel/errors';
import { checkEntraToken } from './oauth';
import type { HttpSettings } from './settings';

/** ACS HMAC-SHA256 verification (the client's own signer rebuilds the string-to-sign), or a listed bearer token. */
const MAX_SKEW_MS = 15 * 60 * 1000;

const RFC_1123 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The ACS scheme's x-ms-date is RFC 1123 (`Sun, 22 Nov 2026 16:44:38 GMT`) exactly: no ISO 8601, no Date.parse leniency. */
export function parseRfc1123(text: string): number | undefined {
  const match = RFC_1123.exec(text);
  if (!match) return undefined;
  const [, day = '', dd = '', mon = '', yyyy = '', hh = '', mm = '', ss = ''] = match;
  const [date, month, year, hour, minute, second] = [Number(dd), MONTHS.indexOf(mon), Number(yyyy), Number(hh), Number(mm), Number(ss)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month, date, hour, minute, second);
  const parsed = new Date(ms);
  // Date.UTC rolls 31 Feb over into March; a date that does not exist, or names the wrong weekday, is refused.
  if (parsed.getUTCDate() !== date || parsed.getUTCMonth() !== month || DAYS[parsed.getUTCDay()] !== day) return undefined;
  return ms;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export interface AuthInput {
  readonly method: string;
  readonly rawUrl: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly now: number;
}

export function verifyRequest(settings: HttpSettings, input: AuthInput): RouterError | undefined {
  const authorization = header(input.headers, 'authorization');
  if (authorization?.startsWith('Bearer ')) {
    const token = authorization.slice('Bearer '.length).trim();
    if (token.length > 0 && settings.bearerTokens.has(token)) return undefined;
    return settings.oauth === 'basic' ? checkEntraToken(token, input.now) : errors.unauthorized('The bearer token is not valid for this emulator.');
  }
  const checks = settings.wire.checks;
  const date = header(input.headers, 'x-ms-date');
  const presentedHash = header(input.headers, 'x-ms-content-sha256');
  if (checks.date && date !== undefined) {
    const sent = parseRfc1123(date);
    if (sent === undefined) return errors.unauthorized('x-ms-date must be an RFC 1123 date such as "Sun, 06 Nov 1994 08:49:37 GMT".');
    if (Math.abs(sent - input.now) > MAX_SKEW_MS) return errors.unauthorized('x-ms-date is more than 15 minutes away from the server time.');
  }
  if (checks.contentHash && presentedHash !== undefined && presentedHash !== contentHash(input.body)) {
    return errors.unauthorized('x-ms-content-sha256 does not match the request body.');
  }
  if (!checks.signature) return undefined;
  if (authorization === undefined) return errors.unauthorized('The request carries no Authorization header.');
  const parsed = parseAuthorization(authorization);
  if (!parsed) return errors.unauthorized('The Authorization header is not "HMAC-SHA256 SignedHeaders=…&Signature=…".');
  if (parsed.signedHeaders.toLowerCase() !== SIGNED_HEADERS) return errors.unauthorized(`SignedHeaders must be ${SIGNED_HEADERS}.`);
  if (date === undefined) return errors.unauthorized('The request carries no x-ms-date header.');
  if (presentedHash === undefined) return errors.unauthorized('The request carries no x-ms-content-sha256 header.');
  const signingInput = { method: input.method, pathAndQuery: input.rawUrl, host: header(input.headers, 'host') ?? '', date, contentHash: presentedHash };
  return signatureMatches(settings.accessKey, signingInput, parsed.signature) ? undefined : errors.unauthorized('The HMAC signature does not match.');
}
