import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KIT_ROOT } from '../paths';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Waiver } from './model';

/** Waiver files (JOBROUTER_WAIVERS and the shipped profiles), validated by schemas/waivers.schema.json. */

export interface WaiverFile {
  readonly waivers: readonly { readonly id: string; readonly reason: string; readonly link: string; readonly expires: string }[];
}

export interface LoadedWaivers {
  readonly waivers: readonly Waiver[];
  /** A file that is missing, not JSON or not valid makes the run 'error': a gate must not silently drop waivers. */
  readonly errors: readonly string[];
}

const SCHEMA_URL = pathToFileURL(join(KIT_ROOT, 'schemas', 'waivers.schema.json'));
export const SERVICE_PROFILE_FILE = join(KIT_ROOT, 'profiles', 'service.waivers.json');

let validator: ValidateFunction<WaiverFile> | undefined;

function validateWaiverFile(): ValidateFunction<WaiverFile> {
  if (!validator) {
    // Separate from the API schema registry: the waiver schema is kit configuration, not part of the contract.
    const ajv = new Ajv({ strict: true, allErrors: true });
    const schema: unknown = JSON.parse(readFileSync(SCHEMA_URL, 'utf8'));
    validator = ajv.compile<WaiverFile>(schema as object);
  }
  return validator;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties' ? ` "${String(error.params['additionalProperty'])}"` : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Parses and validates one waiver file's text; `file` only labels messages. */
export function parseWaivers(text: string, file: string): LoadedWaivers {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { waivers: [], errors: [`Waiver file ${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const validate = validateWaiverFile();
  if (!validate(parsed)) {
    const details = (validate.errors ?? []).map(describe).join('; ');
    return { waivers: [], errors: [`Waiver file ${file} does not match schemas/waivers.schema.json: ${details}`] };
  }
  const badDates = parsed.waivers.filter((w) => !isCalendarDate(w.expires)).map((w) => `${w.id} (${w.expires})`);
  if (badDates.length) return { waivers: [], errors: [`Waiver file ${file} has impossible expiry dates: ${badDates.join(', ')}`] };
  return { waivers: parsed.waivers.map((w) => ({ id: w.id, reason: w.reason, link: w.link, expires: w.expires, file })), errors: [] };
}

export function readWaiverFile(file: string): LoadedWaivers {
  if (!existsSync(file)) return { waivers: [], errors: [`Waiver file ${file} does not exist.`] };
  // Labelled relative to the working directory so reports do not carry machine-specific paths.
  return parseWaivers(readFileSync(file, 'utf8'), relative(process.cwd(), file) || file);
}

/** The profile's shipped waivers first, then the user's file: a user waiver for the same id replaces the profile's. */
export function loadWaivers(options: { readonly profile: string; readonly waiversFile: string | undefined }): LoadedWaivers {
  const files = [...(options.profile === 'service' ? [SERVICE_PROFILE_FILE] : []), ...(options.waiversFile ? [options.waiversFile] : [])];
  const byId = new Map<string, Waiver>();
  const errors: string[] = [];
  for (const file of files) {
    const loaded = readWaiverFile(file);
    errors.push(...loaded.errors);
    for (const w of loaded.waivers) byId.set(w.id, w);
  }
  return { waivers: [...byId.values()], errors };
}
