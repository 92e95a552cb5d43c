import { expect, test } from '@playwright/test';
import { KIT_OPERATIONS, kitOpenApiDocument, kitOperation } from '../../src/contract/openapi';

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') out.push(child);
      else refs(child, out);
    }
  }
  return out;
}

test('every $ref in the kit OpenAPI document resolves inside it', () => {
  const doc = kitOpenApiDocument();
  for (const ref of refs(doc)) {
    const [, section, name] = /^#\/(definitions|parameters)\/(.+)$/.exec(ref) ?? [];
    expect(section, `${ref} is not a local reference`).toBeDefined();
    const table = section === 'definitions' ? doc.definitions : doc.parameters;
    expect(table?.[name ?? ''], `${ref} does not resolve`).toBeDefined();
  }
});

test('the document covers the 16 operations once each, with api-version and an error default', () => {
  const doc = kitOpenApiDocument();
  const ids = KIT_OPERATIONS.map((op) => op.operationId);
  expect(new Set(ids).size).toBe(16);
  for (const op of KIT_OPERATIONS) {
    const operation = doc.paths[op.path]?.[op.method];
    expect(operation?.operationId).toBe(op.operationId);
    expect(operation?.parameters?.[0]).toEqual({ $ref: '#/parameters/ApiVersion' });
    expect(operation?.responses.default).toMatchObject({ schema: { $ref: '#/definitions/ErrorResponse' } });
    expect(kitOperation(op.operationId)).toBe(op);
  }
});

test('create-or-update bodies drop read-only properties and require nothing', () => {
  const definitions = kitOpenApiDocument().definitions ?? {};
  const job = definitions['RouterJobCreateOrUpdate'];
  expect(job?.required).toBeUndefined();
  expect(Object.keys(job?.properties ?? {})).not.toContain('status');
  expect(Object.keys(job?.properties ?? {})).toContain('queueId');
  expect(job?.properties?.['matchingMode']).toEqual({ $ref: '#/definitions/JobMatchingModeCreateOrUpdate' });
  expect(definitions['DistributionModeCreateOrUpdate']?.required).toEqual(['kind']);
});
