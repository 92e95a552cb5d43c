import { signedHeaders } from '../src/signer';

/** A minimal signed client for the emulator's HTTP tests. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly body: unknown;
}

export interface SendOptions {
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly contentType?: string | null;
  readonly apiVersion?: string | null;
  readonly headers?: Record<string, string>;
  readonly sign?: boolean;
  readonly date?: Date;
  /** Signs these bytes instead of the body sent, to provoke a body-hash mismatch. */
  readonly signedBody?: string;
}

export function clientFor(baseUrl: string, accessKey: string) {
  const url = new URL(baseUrl);
  return async function send(method: string, path: string, options: SendOptions = {}): Promise<Answer> {
    const version = options.apiVersion === undefined ? '2023-11-01' : options.apiVersion;
    const pathAndQuery = version === null ? path : `${path}${path.includes('?') ? '&' : '?'}api-version=${version}`;
    const body = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const contentType = options.contentType === undefined ? (body ? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json') : null) : options.contentType;
    if (contentType) headers['content-type'] = contentType;
    if (options.sign !== false) {
      Object.assign(headers, signedHeaders(accessKey, { method, pathAndQuery, host: url.host, date: (options.date ?? new Date()).toUTCString(), body: options.signedBody ?? body }), options.headers ?? {});
    }
    const response = await fetch(`${url.origin}${pathAndQuery}`, { method, headers, ...(body || method === 'POST' ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, text, body: parsed };
  };
}

export type Send = ReturnType<typeof clientFor>;

/** Reads a nested property of an unknown JSON value; tests assert on the result. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

/** Creates policy → queue → worker (capacity 1 unless said) → job, and waits for the offer. */
export async function setupOffered(send: Send, prefix: string, worker: { capacity?: number; count?: number } = {}) {
  await send('PATCH', `/routing/distributionPolicies/${prefix}-p`, { body: { offerExpiresAfterSeconds: 60, mode: { kind: 'longestIdle' } } });
  await send('PATCH', `/routing/queues/${prefix}-q`, { body: { distributionPolicyId: `${prefix}-p` } });
  const workerIds: string[] = [];
  for (let i = 0; i < (worker.count ?? 1); i++) {
    const id = `${prefix}-w${i}`;
    workerIds.push(id);
    await send('PATCH', `/routing/workers/${id}`, { body: { capacity: worker.capacity ?? 1, queues: [`${prefix}-q`], channels: [{ channelId: 'voice', capacityCostPerJob: 1 }], availableForOffers: true } });
  }
  const jobId = `${prefix}-job`;
  await send('PATCH', `/routing/jobs/${jobId}`, { body: { channelId: 'voice', queueId: `${prefix}-q`, priority: 1 } });
  for (const id of workerIds) {
    const w = await send('GET', `/routing/workers/${id}`);
    const offerId = at(w.body, 'offers', 0, 'offerId');
    if (typeof offerId === 'string') return { jobId, workerId: id, offerId, workerIds };
  }
  throw new Error('no offer appeared');
}
