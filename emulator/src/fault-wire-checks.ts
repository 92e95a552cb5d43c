import type { FaultName } from './faults';
import type { RequestChecks, WireLayer } from './http/wire';

/**
 * The wire faults of the request side: a server that skips one of the checks the adapter makes (auth, JSON, option
 * types, path parameters) or serves api-versions it should refuse. The adapter asks the wire layer which checks apply
 * and whether a version is served; these answers are the only place the faults are named.
 */

/** Each check is on unless its fault is. */
export function requestChecks(faults: ReadonlySet<FaultName>): RequestChecks {
  return {
    date: !faults.has('stale-date-accepted'),
    contentHash: !faults.has('content-hash-not-checked'),
    signature: !faults.has('signature-not-checked'),
    json: !faults.has('malformed-json-500'),
    optionTypes: !faults.has('type-validation-off'),
    emptyPathParam: !faults.has('empty-segment-500'),
    pathDecoding: !faults.has('encoded-ids-not-decoded'),
  };
}

/** Which api-versions are served: the one implemented, and what the api-version faults let through besides. */
export function apiVersionAcceptance(faults: ReadonlySet<FaultName>): WireLayer['acceptsApiVersion'] {
  return (version, served) => {
    if (version === undefined) return faults.has('api-version-missing-accepted');
    if (version === served || faults.has('api-version-unsupported-accepted')) return true;
    return faults.has('api-version-prefix-accepted') && version.startsWith(served);
  };
}
