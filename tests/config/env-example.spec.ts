import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

test('.env.example documents exactly the keys the config loader reads', () => {
  const loader = read('src/config/index.ts');
  const read_ = new Set([...loader.matchAll(/'(JOBROUTER_[A-Z_]+)'/g)].map((m) => m[1]));
  const documented = new Set([...read('.env.example').matchAll(/^#?\s*(JOBROUTER_[A-Z_]+)=/gm)].map((m) => m[1]));
  expect([...documented].sort()).toEqual([...read_].sort());
});
