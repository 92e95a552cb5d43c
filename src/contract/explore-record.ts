import { parseAnnotation } from './annotation';

/**
 * What one explore test exercised, carried to the reporter as a test annotation: the model, the depth, and each case
 * sent (its classes, in the model's dimension order) and each error provoked. The report computes coverage from it.
 */
export const EXPLORE_ANNOTATION = 'explore-coverage';

export interface ExploreRecord {
  readonly model: string;
  readonly depth: 'default' | 'thorough';
  readonly seed: number;
  readonly dimensions: readonly string[];
  readonly rows: string[][];
  readonly errors: { readonly status: number; readonly provocation: string }[];
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Reads the annotation leniently: anything malformed counts as nothing. */
export function parseExploreRecord(text: string | undefined): ExploreRecord | undefined {
  const v = parseAnnotation(text);
  if (!v || typeof v['model'] !== 'string' || !isStrings(v['dimensions']) || !Array.isArray(v['rows']) || !Array.isArray(v['errors'])) return undefined;
  const rows = v['rows'].filter(isStrings);
  const errors = v['errors'].flatMap((e: unknown) => {
    if (typeof e !== 'object' || e === null) return [];
    const { status, provocation } = e as Record<string, unknown>;
    return typeof status === 'number' && typeof provocation === 'string' ? [{ status, provocation }] : [];
  });
  return { model: v['model'], depth: v['depth'] === 'thorough' ? 'thorough' : 'default', seed: typeof v['seed'] === 'number' ? v['seed'] : 0, dimensions: v['dimensions'], rows, errors };
}
