import { EXPLORE_ANNOTATION, parseExploreRecord, type ExploreRecord } from '../contract/explore-record';
import { computeCoverage, coverageLines, type Coverage } from './coverage';

/** The reporter's hook: the explore records its tests annotated, folded into the run's coverage (never throws). */
export function coverageOfRun(annotationSets: readonly (readonly { type: string; description?: string }[])[]): Coverage | undefined {
  try {
    const records = annotationSets.flatMap((annotations) => annotations.filter((a) => a.type === EXPLORE_ANNOTATION).flatMap((a) => parseExploreRecord(a.description) ?? []));
    return computeCoverage(records as ExploreRecord[]);
  } catch {
    return undefined;
  }
}

export { coverageLines };
