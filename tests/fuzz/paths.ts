import { API_VERSION } from '../../scripts/lib/http';
import type { Prng } from '../../scripts/lib/prng';

interface Ids {
  readonly jobs: readonly string[];
  readonly workers: readonly string[];
}

/**
 * Paths a router must refuse cleanly: bad percent-escapes, NUL, traversal, empty and overlong segments, unknown or
 * doubled actions, raw Latin-1 bytes (node sends code points up to U+00FF as single bytes), absolute-form targets.
 * Only characters node's client will put on the wire (U+0021–U+00FF); the rest goes through the socket cases.
 */
export function hostilePath(prng: Prng, ids: Ids): string {
  const job = ids.jobs.length > 0 ? encodeURIComponent(prng.pick(ids.jobs)) : 'x';
  const worker = ids.workers.length > 0 ? encodeURIComponent(prng.pick(ids.workers)) : 'w';
  return prng.pick([
    `/routing/jobs/%zz:cancel`, `/routing/jobs/%`, `/routing/jobs/%2`, `/routing/jobs/%00`, `/routing/jobs/a%00b:cancel`,
    `/routing/jobs/${job}%2Fassignments%2Fa:close`, `/routing/jobs/..%2F..%2Fetc%2Fpasswd`, `/routing/jobs/../workers/${worker}`,
    `/routing/jobs/./${job}`, `/routing//jobs/${job}`, `//routing/jobs/${job}`, `/routing/jobs//assignments/a:close`,
    `/routing/jobs/${job}/assignments/:close`, `/routing/jobs/${job}/assignments//:complete`, `/routing/jobs/:cancel`,
    `/routing/jobs/${job}:unknownAction`, `/routing/jobs/${job}:`, `/routing/jobs/${job}::cancel`, `/routing/jobs/${job}:cancel:cancel`,
    `/routing/jobs/${job}:CANCEL`, `/routing/jobs/${job}%3Acancel`, `/routing/jobs/${job}/assignments/a`, `/routing/jobs/${job}/assignments`,
    `/routing/jobs/${job}/assignments/a/b/c:close`, `/routing/workers/${worker}/offers/:accept`, `/routing/workers/${worker}/offers`,
    `/routing/workers/${worker}/offers/o:unknown`, `/routing/workers//offers/o:decline`, `/routing/jobs/${'a'.repeat(prng.pick([256, 4_096, 7_000]))}`,
    `/routing/jobs/${'seg/'.repeat(500)}`, `/routing/jobs/%E2%9C%93`, `/routing/jobs/%C0%AE%C0%AE`, `/routing/jobs/%FF%FE:cancel`,
    `/routing/jobs/%ED%A0%80`, `/routing/jobs/\u00e9\u00ff`, `/routing/jobs/\u00c0\u00ae`, `/ROUTING/JOBS/${job}`, `/routing/Jobs/${job}`,
    `/routing/jobs/${job}/`, `/routing/jobs/${job};param`, `/routing/jobs/${job}#frag`, `/routing/jobs/${job}/position`,
    `/routing/jobs/${job}/position/extra`, `/routing/jobs/${job}:reclassify`, `/routing/classificationPolicies/x`, `/routing/exceptionPolicies/x`,
    `/routing/queues/x/statistics`, `/routing/workers/${worker}/offers/o`, `/routing`, `/routing/`, `/`, `*`, `/routing/unknown/x`,
    `/routing/jobs`, `/routing/workers`, `/routing/queues`, `/routing/distributionPolicies`, `http://127.0.0.1/routing/jobs/${job}`,
    `/routing/jobs/\\..\\..\\windows`, `/routing/jobs/%252e%252e`, `/routing/jobs/${job}:cancel/extra`, `/routing/jobs/%20`, `/routing/jobs/+`,
    `/routing/jobs/{jobId}`, `/routing/jobs/\${id}`, `/routing/jobs/__proto__`, `/routing/workers/constructor`, `/routing/queues/hasOwnProperty`,
    `/routing/distributionPolicies/__proto__`, `/routing/jobs/__proto__:cancel`, `/routing/jobs/toString/assignments/valueOf:close`,
  ]);
}

export function hostileQuery(prng: Prng): string {
  const v = `api-version=${API_VERSION}`;
  return prng.pick([
    `?${v}`, `?${v}`, '', '?', `?api-version=a&api-version=b`, `?${v}&${v}`, `?${v}&api-version=2021-10-20`, '?api-version=',
    '?api-version', `?API-VERSION=${API_VERSION}`, `?api-version=${API_VERSION}%00`, `?api-version%5B%5D=${API_VERSION}`,
    `?${v}&maxpagesize=-1`, `?${v}&maxpagesize=abc`, `?${v}&maxpagesize=1e9`, `?${v}&maxpagesize=0`, `?${v}&maxpagesize=99999999999999999999`,
    `?${v}&${'x=1&'.repeat(prng.pick([100, 1_000]))}`, `?${v}&q=${'z'.repeat(6_000)}`, '?&&&&', '?=', `?a=%zz&${v}`, `?${v}&%zz=1`,
    `?${v}&status=%00&queueId=__proto__`, `?${v}&__proto__[x]=1`, `?api-version=2023-11-01-preview`, `?api-version=${encodeURIComponent(API_VERSION)}`,
    `?${v}#x`, `?${v}?${v}`,
  ]);
}
