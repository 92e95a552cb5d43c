import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAULTS } from 'jobrouter-emulator/faults';
import { observe, PROBES } from './fault-probes';

function emulatorSource(): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && entry.name !== 'faults.ts') files.push(readFileSync(path, 'utf8'));
    }
  };
  walk('emulator/src');
  return files.join('\n');
}

test.describe('fault catalog', () => {
  test('every fault and variation is switched somewhere in the emulator source', () => {
    const source = emulatorSource();
    const unreferenced = FAULTS.filter((f) => !source.includes(`'${f.name}'`)).map((f) => f.name);
    expect(unreferenced).toEqual([]);
  });

  test('the pure domain names no fault: every domain fault is a rule of the fault layer around it', () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) files.push(readFileSync(path, 'utf8'));
      }
    };
    walk('emulator/src/domain');
    const domain = files.join('\n');
    expect(FAULTS.filter((f) => domain.includes(`'${f.name}'`)).map((f) => f.name)).toEqual([]);
    expect(domain).not.toMatch(/\.faults\b|FaultName/);
  });

  for (const fault of FAULTS) {
    test(`${fault.name} changes what a client observes`, async () => {
      const probe = PROBES[fault.name];
      if (!probe) throw new Error(`no probe for ${fault.name}`);
      const clean = await observe([], probe);
      const faulty = await observe([fault.name], probe);
      expect(faulty, `${fault.name}: ${fault.description}`).not.toEqual(clean);
    });
  }
});
