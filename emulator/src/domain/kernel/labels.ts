/** LabelOperator semantics (matching, classification, scoring): equality on any primitive, ordering on numbers only; no operator means equal. */
export function labelMatches(actual: unknown, operator: unknown, expected: unknown): boolean {
  if (operator === undefined || operator === 'equal') return actual === expected;
  if (operator === 'notEqual') return actual !== expected;
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  switch (operator) {
    case 'lessThan': return actual < expected;
    case 'lessThanOrEqual': return actual <= expected;
    case 'greaterThan': return actual > expected;
    case 'greaterThanOrEqual': return actual >= expected;
    default: return false;
  }
}
