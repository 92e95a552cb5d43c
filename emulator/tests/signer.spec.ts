import { expect, test } from '@playwright/test';
import { authorizationHeader, contentHash, parseAuthorization, signature, signatureMatches, signedHeaders, stringToSign } from '../src/signer';

/*
 * Expected values were computed once, outside this code base, with Python's hmac/hashlib:
 *   key = base64.b64encode(b'jobrouter-kit-test-vector-key-32')
 *   hmac.new(base64.b64decode(key), f"{VERB}\n{pathAndQuery}\n{date};{host};{sha}".encode(), hashlib.sha256)
 * so a change to the signer that still agrees with itself cannot pass.
 */
const KEY = 'am9icm91dGVyLWtpdC10ZXN0LXZlY3Rvci1rZXktMzI=';
const DATE = 'Wed, 01 Nov 2023 12:00:00 GMT';

const VECTORS = [
  {
    name: 'empty-body cancel with an encoded id and a port',
    method: 'POST', pathAndQuery: '/routing/jobs/job%3A1:cancel?api-version=2023-11-01', host: '127.0.0.1:4321', body: '',
    hash: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', signature: '3VTf2/zBwjaxSZHZkMyPmmgx7F6z+OEpXBQilgyEh3w=',
  },
  {
    name: 'close with a JSON body',
    method: 'POST', pathAndQuery: '/routing/jobs/j1/assignments/a1:close?api-version=2023-11-01', host: 'contoso.communication.azure.com',
    body: '{"closeAt":"2023-11-01T12:00:05Z","note":"done"}',
    hash: 'Lrnn/A8rj0Nyee1GYak8SrrZ8jwRrCRFxPL/Oc9sMHA=', signature: 'i8EVAYY64JQLpseASht/nu2ATSdkp4h1JtPHXWdT0tY=',
  },
  {
    name: 'lower-case verb and an endpoint path prefix',
    method: 'patch', pathAndQuery: '/prefix/routing/workers/w1?api-version=2023-11-01', host: 'example.test:8443', body: '{"capacity":10}',
    hash: 'l/fDbexUnYBvjE59A49qK102nwbdfQ2m8BLZlikite8=', signature: 'PNPKOkCtRHSmJWjJfi6i8DaBRKX8RPMO/PDSa02YdWE=',
  },
] as const;

for (const v of VECTORS) {
  test(`signer matches the reference vector: ${v.name}`, () => {
    expect(contentHash(v.body)).toBe(v.hash);
    const input = { method: v.method, pathAndQuery: v.pathAndQuery, host: v.host, date: DATE, contentHash: v.hash };
    expect(stringToSign(input)).toBe(`${v.method.toUpperCase()}\n${v.pathAndQuery}\n${DATE};${v.host};${v.hash}`);
    expect(signature(KEY, input)).toBe(v.signature);
    expect(authorizationHeader(KEY, input)).toBe(`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${v.signature}`);
    expect(signedHeaders(KEY, { method: v.method, pathAndQuery: v.pathAndQuery, host: v.host, date: DATE, body: v.body })).toEqual({
      'x-ms-date': DATE,
      'x-ms-content-sha256': v.hash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${v.signature}`,
    });
    expect(signatureMatches(KEY, input, v.signature)).toBe(true);
  });
}

test('a signature made with another key, path or date does not verify', () => {
  const v = VECTORS[0];
  const input = { method: v.method, pathAndQuery: v.pathAndQuery, host: v.host, date: DATE, contentHash: v.hash };
  expect(signatureMatches(Buffer.from('other').toString('base64'), input, v.signature)).toBe(false);
  expect(signatureMatches(KEY, { ...input, pathAndQuery: '/routing/jobs/job:1:cancel?api-version=2023-11-01' }, v.signature)).toBe(false);
  expect(signatureMatches(KEY, { ...input, date: 'Wed, 01 Nov 2023 12:00:01 GMT' }, v.signature)).toBe(false);
  expect(signatureMatches(KEY, input, 'short')).toBe(false);
});

test('the Authorization header parses back into signed headers and signature', () => {
  expect(parseAuthorization(`HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${VECTORS[1].signature}`)).toEqual({
    signedHeaders: 'x-ms-date;host;x-ms-content-sha256',
    signature: VECTORS[1].signature,
  });
  expect(parseAuthorization('Bearer abc')).toBeUndefined();
});
