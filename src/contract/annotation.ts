/**
 * Test annotations carry small JSON values from fixtures to the reporter. They are read leniently: a value that is not
 * what it should be counts as nothing rather than breaking the report.
 */
export function parseAnnotation(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The value as a JSON object, or undefined when it is not one. */
export function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A count or a duration: a finite number ≥ 0, anything else 0. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}
