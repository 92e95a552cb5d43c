import { expect, test } from '@playwright/test';
import { REDACTED, redactDeep, redactText } from '../../src/report/redact';

/** The reporter's second pass: whatever slipped past the evidence's redaction is caught before a file or stdout. */

const KEY = Buffer.from('report-redact canary access key 0123456789').toString('base64');

test('every form the evidence is redacted of is gone here too: verbatim, URL-encoded, base64, base64url', () => {
  const forms = [KEY, encodeURIComponent(KEY), Buffer.from(KEY).toString('base64'), Buffer.from(KEY).toString('base64url')];
  for (const form of forms) expect(redactText(`before ${form} after`, [KEY])).toBe(`before ${REDACTED} after`);
});

test('credential shapes are cut without knowing the secret, in any case of their name', () => {
  expect(redactText('HMAC-SHA256 SignedHeaders=a;b&Signature=abcdefgh12345678', [])).toBe(`HMAC-SHA256 SignedHeaders=a;b&Signature=${REDACTED}`);
  expect(redactText('authorization: bearer eyJhbGciOi.payload.sig', [])).toBe(`authorization: bearer ${REDACTED}`);
  expect(redactText('Endpoint=https://x/;AccessKey=c2VjcmV0;x=1', [])).toBe(`Endpoint=https://x/;AccessKey=${REDACTED};x=1`);
});

test('text with neither a secret nor a credential shape is returned as it was, keys included', () => {
  const value = { id: 'job-1', note: 'Signature without its equals sign, a bearer of news', nested: [{ accesskey: 'not a query' }] };
  expect(redactDeep(value, [KEY])).toEqual(value);
});
