import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Access to the published OpenAPI document for the drift tests. It sits outside the product (`../shared/reference`
 * from the repository root) and users of the kit do not have it, so every caller must handle `undefined`.
 */
const REFERENCE_DIR = fileURLToPath(new URL('../../../shared/reference/jobrouter-2023-11-01/', import.meta.url));
const DOCUMENT = `${REFERENCE_DIR}communicationservicejobrouter.json`;

export const REFERENCE_ABSENT = `the published OpenAPI document is not available (${DOCUMENT}); drift against it cannot be checked here`;

export type Node = Readonly<Record<string, unknown>>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);

export function child(node: Node | undefined, key: string): Node | undefined {
  const value = node?.[key];
  return isNode(value) ? value : undefined;
}

let cached: Node | null | undefined;

export function publishedDocument(): Node | undefined {
  if (cached === undefined) {
    const parsed: unknown = existsSync(DOCUMENT) ? JSON.parse(readFileSync(DOCUMENT, 'utf8')) : null;
    cached = isNode(parsed) ? parsed : null;
  }
  return cached ?? undefined;
}

export function publishedExamples(): { file: string; example: Node }[] {
  const dir = `${REFERENCE_DIR}examples/`;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ file, example: JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Node }));
}

/** Published definition names → the kit's names. Unlisted names are the same in both. */
const KIT_NAME: Readonly<Record<string, string>> = {
  'Azure.Core.Foundations.ErrorResponse': 'ErrorResponse',
  'Azure.Core.Foundations.Error': 'Error',
  'Azure.Core.Foundations.InnerError': 'InnerError',
  CancelJobResult: 'ActionResult',
  CloseJobResult: 'ActionResult',
  CompleteJobResult: 'ActionResult',
  DeclineJobOfferResult: 'ActionResult',
};

export const kitName = (published: string): string => KIT_NAME[published] ?? published;

/** Every published name a kit definition stands for. */
export function publishedNames(kit: string): string[] {
  const aliases = Object.entries(KIT_NAME).filter(([, name]) => name === kit).map(([published]) => published);
  return aliases.length > 0 ? aliases : [kit];
}

function refName(ref: string): string {
  return ref.replace(/^#\/definitions\//, '');
}

/**
 * A property's shape as comparable text: `string/date-time`, `integer/int32`, `array<ref:RouterJobNote>`,
 * `map<any>`. A published `$ref` to a plain string type (an enum such as RouterJobStatus, or eTag) becomes `string`,
 * because the kit keeps enums open; a `$ref` to an object becomes `ref:<kit name>`.
 */
export function shape(schema: Node | undefined, definitions: Node, side: 'kit' | 'published'): string {
  if (!schema) return 'missing';
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = refName(ref);
    const target = child(definitions, name);
    if (side === 'published' && target && target['type'] !== 'object') return shape(target, definitions, side);
    return `ref:${side === 'published' ? kitName(name) : name}`;
  }
  const type = schema['type'];
  if (type === undefined) return 'any';
  if (type === 'array') return `array<${shape(child(schema, 'items'), definitions, side)}>`;
  const additional = child(schema, 'additionalProperties');
  if (type === 'object' && additional && !child(schema, 'properties')) return `map<${shape(additional, definitions, side)}>`;
  const format = schema['format'];
  return typeof format === 'string' ? `${String(type)}/${format}` : String(type);
}

export interface Comparable {
  properties: Record<string, string>;
  readOnly: string[];
  required: string[];
}

export function comparable(definition: Node, definitions: Node, side: 'kit' | 'published'): Comparable {
  const properties: Record<string, string> = {};
  const readOnly: string[] = [];
  for (const [name, value] of Object.entries(child(definition, 'properties') ?? {})) {
    const property = isNode(value) ? value : undefined;
    properties[name] = shape(property, definitions, side);
    if (property?.['readOnly'] === true) readOnly.push(name);
  }
  const required = Array.isArray(definition['required']) ? definition['required'].map(String) : [];
  return { properties, readOnly: readOnly.sort(), required: [...required].sort() };
}
