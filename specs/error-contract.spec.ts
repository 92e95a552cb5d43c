import { ERROR_ASPECTS, fail, proves, test, type ErrorContractId, type ProvokedError } from '../fixtures';

/**
 * Each ERR-* requirement looks at one aspect of the same provoked errors, so a target that gets one aspect wrong
 * (the production service wraps errors in `communicationError` and sends no x-ms-error-code) fails exactly the
 * requirements about that aspect. Status codes are the PATH-*, APIVER-* and CANCEL-* requirements' business. Every
 * other error response of the run is held to the same aspects by the reporter (src/report/build.ts).
 */
function expectEveryError(provoked: readonly ProvokedError[], aspect: string, violation: (e: ProvokedError) => string | undefined): void {
  const errors = provoked.filter((e) => e.response.status >= 400);
  if (errors.length === 0) fail({ expected: 'the provoked requests are answered with errors', observed: provoked.map((e) => `${e.provocation} → ${e.response.status}`).join(', ') });
  const violations = errors.flatMap((e) => {
    const why = violation(e);
    return why ? [{ e, why }] : [];
  });
  const [first, ...rest] = violations;
  if (!first) return;
  const more = rest.length ? `; ${rest.length} more of the ${errors.length} provoked errors likewise` : ` (1 of ${errors.length} provoked errors)`;
  fail({
    expected: aspect,
    observed: `${first.e.provocation} → ${first.why} (HTTP ${first.e.response.status})${more}`,
    reproduce: first.e.response.exchange.curl,
    detail: rest.map(({ e, why }) => `• ${e.provocation}: ${why}\n  reproduce: ${e.response.exchange.curl}`).join('\n'),
  });
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
