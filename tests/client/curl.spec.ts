import { expect, test } from '@playwright/test';
import { curlLine, shellQuote } from '../../src/client/curl';

test('shell quoting survives quotes, spaces and metacharacters', () => {
  expect(shellQuote('simple-value')).toBe('simple-value');
  expect(shellQuote("it's $HOME `x` \"y\"")).toBe(`'it'\\''s $HOME \`x\` "y"'`);
  expect(shellQuote('')).toBe("''");
});

test('an HMAC request is replayable apart from its signature', () => {
  const line = curlLine({
    method: 'post',
    url: 'https://x.test/routing/jobs/a%3Ab/assignments/c:close?api-version=2023-11-01',
    headers: {
      host: 'x.test',
      'content-length': '16',
      'content-type': 'application/json',
      'x-ms-date': 'Wed, 01 Nov 2023 12:00:00 GMT',
      authorization: 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=<redacted>',
    },
    body: `{"note":"it's"}`,
  });
  expect(line).toBe(
    "curl --globoff --path-as-is -sS -i -X POST 'https://x.test/routing/jobs/a%3Ab/assignments/c:close?api-version=2023-11-01'" +
      " -H 'content-type: application/json' -H 'x-ms-date: Wed, 01 Nov 2023 12:00:00 GMT'" +
      " -H 'Authorization: <redacted: re-sign with your access key>' --data-binary '{\"note\":\"it'\\''s\"}'" +
      '  # x-ms-date and Authorization must be re-signed (HMAC-SHA256) before replaying',
  );
  expect(line).not.toContain('Signature=');
});

test('a body without Content-Type suppresses curl\'s form default; an empty POST sends Content-Length 0', () => {
  expect(curlLine({ method: 'POST', url: 'http://h/x', headers: {}, body: '{}' })).toContain("-H Content-Type: --data-binary '{}'");
  expect(curlLine({ method: 'POST', url: 'http://h/x', headers: {} })).toContain("-H 'Content-Length: 0'");
  expect(curlLine({ method: 'GET', url: 'http://h/x', headers: {} })).not.toContain('Content-Length');
});

test('a bearer request asks for a token and needs no re-signing', () => {
  const line = curlLine({ method: 'GET', url: 'http://h/x', headers: { Authorization: 'Bearer <redacted>' } });
  expect(line).toContain("'Authorization: Bearer <redacted: supply your access token>'");
  expect(line).not.toContain('re-signed');
});
