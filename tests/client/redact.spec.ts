import { expect, test } from '@playwright/test';
import { REDACTED, redact, redactAuthorization, redactHeaders, redactUrl } from '../../src/client/redact';

const CANARY = 'Q2FuYXJ5S2V5LWZvci1yZWRhY3Rpb24tdGVzdHMrLz0=';
const TOKEN = 'eyJhbGciOi.canary-token.sig';

function leaks(text: string): boolean {
  const forms = [CANARY, encodeURIComponent(CANARY), Buffer.from(CANARY).toString('base64'), Buffer.from(CANARY).toString('base64url'), TOKEN];
  return forms.some((form) => text.includes(form));
}

test('a secret is gone from text, raw and percent-encoded', () => {
  const text = `key=${CANARY} url=${encodeURIComponent(CANARY)} again ${CANARY}`;
  const out = redact(text, [CANARY]);
  expect(leaks(out)).toBe(false);
  expect(out).toBe(`key=${REDACTED} url=${REDACTED} again ${REDACTED}`);
});

test('the base64 and base64url forms of a secret are gone', () => {
  const b64 = Buffer.from(CANARY).toString('base64');
  const out = redact(`{"basic":"${b64}","url":"${Buffer.from(CANARY).toString('base64url')}"}`, [CANARY]);
  expect(leaks(out)).toBe(false);
});

test('empty secrets and text without secrets are left alone', () => {
  expect(redact('nothing here', ['', CANARY])).toBe('nothing here');
});

test('Authorization keeps its scheme and loses its credential', () => {
  expect(redactAuthorization('HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=abc+/=')).toBe(
    'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<redacted>',
  );
  expect(redactAuthorization(`Bearer ${TOKEN}`)).toBe('Bearer <redacted>');
  expect(redactAuthorization('opaque')).toBe(REDACTED);
});

test('headers: Authorization, cookies and secret-bearing values are redacted', () => {
  const out = redactHeaders({ Authorization: `Bearer ${TOKEN}`, 'x-echo': `k=${CANARY}`, cookie: 'a=b', accept: 'application/json' }, [CANARY, TOKEN]);
  expect(out).toEqual({ Authorization: 'Bearer <redacted>', 'x-echo': `k=${REDACTED}`, cookie: REDACTED, accept: 'application/json' });
});

test('URL: credential query parameters and user info are redacted, encoding kept', () => {
  const url = `https://user:pw@x.test/routing/jobs/a%3Ab?sig=abc&api-version=2023-11-01&Token=t&accessKey=${encodeURIComponent(CANARY)}&q=${CANARY}`;
  const out = redactUrl(url, [CANARY]);
  expect(out).toBe(`https://${REDACTED}@x.test/routing/jobs/a%3Ab?sig=${REDACTED}&api-version=2023-11-01&Token=${REDACTED}&accessKey=${REDACTED}&q=${REDACTED}`);
  expect(leaks(out)).toBe(false);
});
