import { expect, test } from '@playwright/test';
import { KIT_OPERATIONS, kitDefinitions, kitOpenApiDocument } from '../../src/contract/openapi';
import { isSchemaId, validate } from '../../src/contract/schemas';
import { REFERENCE_ABSENT, child, comparable, kitName, publishedDocument, publishedExamples, publishedNames, type Node } from './published';

/*
 * Holds the kit's schemas and OpenAPI document against the published 2023-11-01 document, so the two cannot drift
 * apart silently. Skips (never fails) where the published document is not available, as for users of the kit.
 */

const kit = kitDefinitions();
const kitDoc = kitOpenApiDocument();
const kitAll = kit as unknown as Node;

for (const name of Object.keys(kit).sort()) {
  test(`schema ${name} matches the published definition`, () => {
    const doc = publishedDocument();
    test.skip(!doc, REFERENCE_ABSENT);
    const definitions = child(doc, 'definitions') ?? {};
    const ours = comparable(kit[name] as Node, kitAll, 'kit');
    for (const publishedName of publishedNames(name)) {
      const theirs = child(definitions, publishedName);
      if (!theirs && name === 'ActionResult') continue;
      expect(theirs, `${publishedName} is missing from the published document`).toBeDefined();
      const expected = comparable(theirs ?? {}, definitions, 'published');
      expect(ours.properties, `${name} vs ${publishedName}: property names and types/formats`).toEqual(expected.properties);
      expect(ours.required, `${name} vs ${publishedName}: required`).toEqual(expected.required);
      expect(ours.readOnly, `${name} vs ${publishedName}: read-only properties`).toEqual(expected.readOnly);
    }
  });
}

interface ParamView {
  name: string;
  in: string;
  required: boolean;
  type: string;
}

function parameters(operation: Node | undefined, doc: Node): ParamView[] {
  const list = Array.isArray(operation?.['parameters']) ? (operation['parameters'] as unknown[]) : [];
  const shared = child(doc, 'parameters') ?? {};
  return list
    .map((entry): ParamView => {
      let param = entry as Node;
      const ref = param['$ref'];
      if (typeof ref === 'string') param = child(shared, ref.replace('#/parameters/', '')) ?? {};
      const schemaRef = child(param, 'schema')?.['$ref'];
      const type = typeof schemaRef === 'string'
        ? `body:${kitName(schemaRef.replace('#/definitions/', ''))}`
        : [param['type'], param['format'], Array.isArray(param['enum']) ? `enum(${(param['enum'] as unknown[]).join(',')})` : undefined]
          .filter((part) => part !== undefined).join('/');
      return { name: String(param['name']), in: String(param['in']), required: param['required'] === true, type };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function responses(operation: Node | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [status, response] of Object.entries(child(operation, 'responses') ?? {})) {
    const ref = child(response as Node, 'schema')?.['$ref'];
    const headers = Object.keys(child(response as Node, 'headers') ?? {}).sort().join(',');
    out[status] = `${typeof ref === 'string' ? kitName(ref.replace('#/definitions/', '')) : 'no body'} [${headers}]`;
  }
  return out;
}

for (const op of KIT_OPERATIONS) {
  test(`operation ${op.operationId} matches the published path, parameters and responses`, () => {
    const doc = publishedDocument();
    test.skip(!doc, REFERENCE_ABSENT);
    const published = child(child(child(doc, 'paths'), op.path), op.method);
    expect(published, `${op.method.toUpperCase()} ${op.path} is missing from the published document`).toBeDefined();
    expect(published?.['operationId']).toBe(op.operationId);
    const ours = child(child(kitDoc.paths as unknown as Node, op.path), op.method);
    expect(parameters(ours, kitDoc as unknown as Node)).toEqual(parameters(published, doc ?? {}));
    expect(responses(ours)).toEqual(responses(published));
    expect(ours?.['consumes'] ?? null).toEqual(published?.['consumes'] ?? null);
  });
}

/**
 * The published examples write `null` for unset optional properties, which their own definitions do not allow (no
 * x-nullable) and which the production service does not send (it omits them). Nulls are dropped before checking.
 */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}

/** Where a published example contradicts its own definition; the kit follows the definition. */
const KNOWN_EXAMPLE_DEFECTS: Readonly<Record<string, string>> = {
  'Queues_CreateQueue.json 200': 'the example omits etag, which RouterQueue requires',
  'Queues_CreateQueue.json 201': 'the example omits etag, which RouterQueue requires',
};

/** Example file → operationId, from the document's x-ms-examples (the example files' own operationId is unreliable). */
function exampleOperations(doc: Node): Map<string, string> {
  const map = new Map<string, string>();
  for (const item of Object.values(child(doc, 'paths') ?? {})) {
    for (const operation of Object.values(item as Node)) {
      const op = operation as Node;
      for (const ref of Object.values(child(op, 'x-ms-examples') ?? {})) {
        const file = String((ref as Node)['$ref'] ?? '').replace('./examples/', '');
        map.set(file, String(op['operationId']));
      }
    }
  }
  return map;
}

test('the published examples of covered operations validate against the kit schemas', () => {
  const doc = publishedDocument();
  test.skip(!doc, REFERENCE_ABSENT);
  const operationOf = exampleOperations(doc ?? {});
  const failures: Record<string, string[]> = {};
  let checked = 0;
  const check = (key: string, schema: string, value: unknown): void => {
    if (!isSchemaId(schema) || value === undefined) return;
    checked++;
    const result = validate(schema, withoutNulls(value));
    if (!result.ok) failures[key] = result.errors;
  };
  for (const { file, example } of publishedExamples()) {
    const op = KIT_OPERATIONS.find((candidate) => candidate.operationId === operationOf.get(file));
    if (!op) continue;
    if (op.body) check(`${file} request`, op.body.schema, child(example, 'parameters')?.[op.body.name]);
    for (const [status, response] of Object.entries(child(example, 'responses') ?? {})) {
      const schema = op.success[status];
      if (schema) check(`${file} ${status}`, schema, (response as Node)['body']);
    }
  }
  expect(checked, 'no published example was checked').toBeGreaterThan(0);
  expect(Object.keys(failures).sort(), JSON.stringify(failures, null, 2)).toEqual(Object.keys(KNOWN_EXAMPLE_DEFECTS).sort());
});
