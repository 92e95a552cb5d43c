import type { ExchangeRecord } from '../contract/evidence';
import { readBody } from './body';
import type { RawResponse } from './transport';

export interface ApiResponse {
  status: number;
  /** Lower-case names; multi-values joined with ', '. */
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON, or undefined when the body is empty, not JSON, or refused (see bodyProblem). */
  body: unknown;
  /** Why a non-empty body was not read as JSON: not UTF-8, nested too deep, not JSON. */
  bodyProblem?: string;
  /** Set when the body was refused under the kit's own limits (see bodyProblem): nothing may be judged from it. */
  bodyRefusal?: string;
  contentType: string | undefined;
  /** The parsed Date header: the target's own word on when it answered (1 s resolution). */
  serverDate: Date | undefined;
  /** Local epoch ms at which the first byte of the answer arrived, however long the body then took. */
  answeredAt: number;
  exchange: ExchangeRecord;
}

export function toApiResponse(raw: RawResponse, exchange: ExchangeRecord): ApiResponse {
  const read = readBody(raw.body);
  const dateHeader = raw.headers['date'];
  const parsedDate = dateHeader ? new Date(dateHeader) : undefined;
  return {
    status: raw.status,
    headers: raw.headers,
    text: read.text,
    body: read.json,
    ...(read.problem === undefined ? {} : { bodyProblem: read.problem }),
    ...(read.refused && read.problem !== undefined ? { bodyRefusal: read.problem } : {}),
    contentType: raw.headers['content-type'],
    serverDate: parsedDate && !Number.isNaN(parsedDate.getTime()) ? parsedDate : undefined,
    answeredAt: raw.firstByteAt,
    exchange,
  };
}
