import { errors, type RouterError } from '../domain/kernel/errors';

/**
 * `--oauth basic`, as Azurite's: an Entra ID access token (a JWT) is accepted when its issuer, audience and lifetime
 * are plausible for Azure Communication Services. The signature is not checked — the emulator has no tenant keys and
 * holds no data worth protecting — so this proves that a client sends a well-formed, current token, not who it is.
 */
const ISSUERS = [
  /^https:\/\/sts\.windows\.net\/[0-9a-fA-F-]{36}\/$/,
  /^https:\/\/login\.microsoftonline\.com\/[0-9a-fA-F-]{36}\/v2\.0$/,
];

/** The resource as DefaultAzureCredential asks for it (scope https://communication.azure.com/.default), and ACS's app id. */
const AUDIENCES = new Set([
  'https://communication.azure.com',
  'https://communication.azure.com/',
  'https://communication.azure.com/.default',
  '1fd5118e-2576-4263-8130-9503064c837a',
]);

/** How far exp and nbf may be off, as Entra ID's own validators allow. */
export const TOKEN_SKEW_MS = 5 * 60 * 1000;

function decodeSegment(segment: string): unknown {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(segment)) return undefined;
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

const record = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** undefined when the token is plausible; otherwise the documented 401 saying which claim is wrong. */
export function checkEntraToken(token: string, now: number): RouterError | undefined {
  const parts = token.split('.');
  const header = parts.length === 3 ? record(decodeSegment(parts[0] ?? '')) : undefined;
  const claims = parts.length === 3 ? record(decodeSegment(parts[1] ?? '')) : undefined;
  if (!header || !claims || typeof header['alg'] !== 'string') return errors.unauthorized('The bearer token is not a JWT (header.payload.signature, base64url JSON).');
  const issuer = claims['iss'];
  if (typeof issuer !== 'string' || !ISSUERS.some((pattern) => pattern.test(issuer))) {
    return errors.unauthorized('The bearer token\'s issuer (iss) is not https://sts.windows.net/<tenant>/ or https://login.microsoftonline.com/<tenant>/v2.0.');
  }
  const audience = claims['aud'];
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.some((a) => typeof a === 'string' && AUDIENCES.has(a))) return errors.unauthorized('The bearer token\'s audience (aud) is not https://communication.azure.com.');
  const exp = claims['exp'];
  if (typeof exp !== 'number' || exp * 1000 + TOKEN_SKEW_MS <= now) return errors.unauthorized('The bearer token has expired (exp).');
  const nbf = claims['nbf'];
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf * 1000 - TOKEN_SKEW_MS > now)) return errors.unauthorized('The bearer token is not valid yet (nbf).');
  return undefined;
}
