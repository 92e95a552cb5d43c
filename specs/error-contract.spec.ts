import { describeResponse, ERROR_ASPECTS, expect, proves, test, type ErrorContractId, type ProvokedError } from '../fixtures';

/**
 * Each ERR-* requirement looks at one aspect of the same provoked errors, so a target that gets one aspect wrong
 * (the production service wraps errors in `communicationError` and sends no x-ms-error-code) fails exactly the
 * requirements about that aspect. Status codes are the PATH-*, APIVER-* and CANCEL-* requirements' business. Every
 * other error response of the run is held to the same aspects by the reporter (src/report/build.ts).
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

/** The same named aspect the reporter holds every other error response of the run to. */
function aspect(id: ErrorContractId): [string, (e: ProvokedError) => string | undefined] {
  const { fact, breach } = ERROR_ASPECTS[id];
  return [fact, (e) => breach(e.response)];
}

test.describe('error contract', () => {
  test(...proves('ERR-JSON-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, ...aspect('ERR-JSON-01'));
  });

  test(...proves('ERR-BODY-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, ...aspect('ERR-BODY-01'));
  });

  test(...proves('ERR-HEADER-01'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, ...aspect('ERR-HEADER-01'));
  });

  test(...proves('ERR-HEADER-02'), async ({ provokedErrors }) => {
    expectEveryError(provokedErrors, ...aspect('ERR-HEADER-02'));
  });
});
