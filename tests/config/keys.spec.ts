import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { CONFIG_KEYS } from '../../src/config/keys';

test('--help lists exactly the keys the config loader reads', () => {
  const loader = readFileSync(new URL('../../src/config/index.ts', import.meta.url), 'utf8');
  const read = new Set([...loader.matchAll(/'(JOBROUTER_[A-Z_]+)'/g)].map((m) => m[1]));
  expect(CONFIG_KEYS.map(([key]) => key).sort()).toEqual([...read].sort());
});
