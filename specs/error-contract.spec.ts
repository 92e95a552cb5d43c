import {
  describeResponse,
  errorCodeOf,
  expect,
  isJsonMediaType,
  isObject,
  proves,
  test,
  validateSchema,
  type ProvokedError,
} from '../fixtures';

/**
 * Each ERR-* requirement looks at one aspect of the same provoked errors, so a target that gets one aspect wrong
 * (the production service wraps errors in `communicationError` and sends no x-ms-error-code) fails exactly the
 * requirements about that aspect. Status codes are the PATH-*, APIVER-* and CANCEL-* requirements' business.
 */
function expectEveryError(provoked: readonly ProvokedError[], aspect: string, violation: (e: ProvokedError) => string | undefined): void {
  const errors = provoked.filter((e) => e.response.status >= 400);
  expect(errors.length, `no provoked request was answered with an error: ${provoked.map((e) => `${e.provocation} → ${e.response.status}`).join(', ')}`).toBeGreaterThan(0);
  const violations = errors.flatMap((e) => {
    const why = violation(e);
    return why ? [`• ${e.provocation}: ${why}\n${describeResponse(e.response)}`] : [];
  });
  expect(violations, `${aspect}; ${violations.length} of ${errors.length} provoked errors break it:\n${violations.join('\n')}`).toEqual([]);
}

function looseErrorCode(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  const inner = Object.values(body).find(isObject);
  const code = inner?.['code'] ?? body['code'];
  return typeof code === 'string' ? code : undefined;
}

test.describe('error contract', () => {
  test(...proves('ERR-JSON-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, 'errors answer with a JSON content type', (e) =>
      isJsonMediaType(e.response.contentType) ? undefined : `content type ${e.response.contentType ?? '(none)'}`,
    );
  });

  test(...proves('ERR-BODY-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, 'error bodies are ErrorResponse with error.code and error.message', (e) => {
      const result = validateSchema('ErrorResponse', e.response.body);
      return result.ok ? undefined : result.errors.join('; ');
    });
  });

  test(...proves('ERR-HEADER-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, 'errors carry x-ms-error-code', (e) =>
      (e.response.headers['x-ms-error-code'] ?? '').trim() !== '' ? undefined : 'no x-ms-error-code header',
    );
  });

  test(...proves('ERR-HEADER-02'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, 'x-ms-error-code equals error.code', (e) => {
      const header = e.response.headers['x-ms-error-code'];
      // The code the body carries even when the envelope itself is wrong, so ERR-BODY-01 alone reports the envelope.
      const code = errorCodeOf(e.response.body) ?? looseErrorCode(e.response.body);
      return header !== undefined && header === code ? undefined : `x-ms-error-code ${header ?? '(absent)'} ≠ error.code ${code ?? '(absent)'}`;
    });
  });
});
