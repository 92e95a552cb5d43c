import { EXPLORE_ANNOTATION, parseExploreRecord, type ExploreRecord } from '../contract/explore-record';
import { computeCoverage, coverageLines, type Coverage } from './coverage';

/** The reporter's hook: the explore records its tests annotated, folded into the run's coverage (never throws). */
export function coverageOfRun(annotationSets: readonly (readonly { type: string; description?: string }[])[]): Coverage | undefined {
  try {
    // A runtime annotation can show up on both the test and its result: each test's records count once.
    const records = annotationSets.flatMap((annotations) => [...new Set(annotations.filter((a) => a.type === EXPLORE_ANNOTATION).map((a) => a.description ?? ''))].flatMap((d) => parseExploreRecord(d) ?? []));
    return computeCoverage(records as ExploreRecord[]);
  } catch {
    return undefined;
  }
}

export { coverageLines };
