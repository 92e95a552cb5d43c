import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { BodyInfo } from '../contract/evidence';
import { jsonDepth, MAX_JSON_DEPTH } from '../contract/json-depth';
import { redact } from './redact';

/**
 * What a target sent, read without trusting it: bytes → text → JSON, with every odd case (not UTF-8, nested too deep,
 * not JSON) named in a sentence instead of thrown; and the bounded head of a body that evidence keeps.
 */


/** A secret straddling the cut of a body's head is redacted whole: the head is redacted with this much more text. */
const REDACTION_MARGIN_BYTES = 16 * 1024;

export interface ReadBody {
  readonly text: string;
  /** The parsed JSON; undefined when the body is empty, not JSON, or refused. */
  readonly json: unknown;
  /** Why a non-empty body was not read as JSON, in a few words. */
  readonly problem?: string;
  /** Set when the reason is the kit's own limit (nesting depth, memory), not the target's bytes: never judged. */
  readonly refused?: true;
}

/** Offset of the first byte that is not part of valid UTF-8 (where decoding and re-encoding first differ). */
function firstInvalidByte(bytes: Buffer, text: string): number {
  const again = Buffer.from(text, 'utf8');
  const n = Math.min(again.length, bytes.length);
  for (let i = 0; i < n; i += 1) if (again[i] !== bytes[i]) return i;
  return n;
}

/** Reads a body as JSON when it is JSON; never throws, whatever the bytes. */
export function readBody(bytes: Buffer): ReadBody {
  const text = bytes.toString('utf8');
  if (text.trim() === '') return { text, json: undefined };
  // JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1); replacement characters would be a guess.
  if (!isUtf8(bytes)) return { text, json: undefined, problem: `the body is not valid UTF-8 (first invalid byte at offset ${firstInvalidByte(bytes, text)})` };
  if (jsonDepth(text) > MAX_JSON_DEPTH) return { text, json: undefined, problem: `the body nests deeper than ${MAX_JSON_DEPTH} levels, the kit's own limit`, refused: true };
  try {
    return { text, json: JSON.parse(text) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    // A RangeError is the engine running out of stack or memory: the kit's limit, not the target's bytes.
    if (error instanceof RangeError) return { text, json: undefined, problem: `the kit could not parse the body (${why.slice(0, 200)})`, refused: true };
    return { text, json: undefined, problem: `the body is not JSON (${why.slice(0, 200)})` };
  }
}

/** The first `cap` bytes of `bytes`, cut back to a character boundary. */
export function headOf(bytes: Buffer, cap: number): Buffer {
  if (bytes.length <= cap) return bytes;
  let end = Math.max(0, cap);
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end);
}

/**
 * A body as evidence: its head (at most `cap` bytes, redacted), with the whole body's size and sha256. `readBytes`
 * marks an incomplete body: `bytes` is the start of what arrived, `readBytes` how much did, and there is no hash.
 */
export function bodyEvidence(bytes: Buffer, cap: number, secrets: readonly string[], readBytes?: number): { text: string; info: BodyInfo } {
  const total = readBytes ?? bytes.length;
  const notes: string[] = [];
  if (!isUtf8(headOf(bytes, cap))) notes.push('not valid UTF-8: invalid bytes are shown as U+FFFD');
  let text: string;
  if (bytes.length <= cap) text = redact(bytes.toString('utf8'), secrets);
  else {
    const redacted = redact(headOf(bytes, cap + REDACTION_MARGIN_BYTES).toString('utf8'), secrets);
    text = headOf(Buffer.from(redacted, 'utf8'), cap).toString('utf8');
  }
  const shownBytes = Math.min(total, Buffer.byteLength(text));
  if (readBytes !== undefined) notes.push(`incomplete: the kit stopped reading after ${readBytes} bytes; the first ${shownBytes} are kept`);
  else if (shownBytes < total) notes.push(`the first ${shownBytes} of ${total} bytes are kept (JOBROUTER_EVIDENCE_BODY_BYTES)`);
  return {
    text,
    info: {
      bytes: total,
      ...(readBytes === undefined ? { sha256: createHash('sha256').update(bytes).digest('hex') } : {}),
      shownBytes,
      ...(notes.length ? { note: notes.join('; ') } : {}),
    },
  };
}
