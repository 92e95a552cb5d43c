import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Runs the composite action's `run:` steps as a GitHub runner would: `${{ inputs.* }}` and `${{ steps.*.outputs.* }}`
 * substituted, each step's script run with `bash --noprofile --norc -eo pipefail`, GITHUB_OUTPUT (one file per step),
 * GITHUB_STEP_SUMMARY and GITHUB_ENV pointing at files in `dir`, a step without `if` run only while all before it
 * succeeded, `if: ${{ always() }}` always. `uses:` steps (actions/upload-artifact) cannot run here: they are listed.
 */

interface ActionInput {
  readonly default?: string;
}
interface ActionStep {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly env?: Record<string, string>;
}
export interface ActionFile {
  readonly inputs: Record<string, ActionInput>;
  readonly outputs: Record<string, { readonly value: string }>;
  readonly runs: { readonly using: string; readonly steps: readonly ActionStep[] };
}

export interface ActionRun {
  readonly outputs: Record<string, string>;
  /** The action's failure: the exit code of the first step that failed, else 0. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly summary: string;
  readonly skippedUses: readonly string[];
  readonly ms: number;
}

export function readAction(file: string): ActionFile {
  return parse(readFileSync(file, 'utf8')) as ActionFile;
}

function outputsOf(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line) => {
        const eq = line.indexOf('=');
        return eq > 0 ? [[line.slice(0, eq), line.slice(eq + 1)] as const] : [];
      }),
  );
}

function runBash(script: string, env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('close', (code) => resolve({ code: code ?? 1, out: Buffer.concat(chunks).toString('utf8') }));
  });
}

export async function runAction(action: ActionFile, given: Record<string, string>, dir: string, baseEnv: NodeJS.ProcessEnv): Promise<ActionRun> {
  const started = Date.now();
  mkdirSync(dir, { recursive: true });
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, given[k] ?? v.default ?? '']));
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expand = (text: string): string =>
    text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
      const input = /^inputs\.([\w-]+)$/.exec(expr);
      if (input) return inputs[input[1] ?? ''] ?? '';
      const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
      if (output) return stepOutputs[output[1] ?? '']?.[output[2] ?? ''] ?? '';
      throw new Error(`runAction: unsupported expression ${expr}`);
    });
  const summary = join(dir, 'step-summary.md');
  const envFile = join(dir, 'github-env');
  writeFileSync(summary, '');
  writeFileSync(envFile, '');
  let failed = 0;
  let stdout = '';
  const skippedUses: string[] = [];
  for (const [index, step] of action.runs.steps.entries()) {
    const always = step.if !== undefined && /^\$\{\{\s*always\(\)\s*\}\}$/.test(step.if.trim());
    if (step.if !== undefined && !always) throw new Error(`runAction: unsupported condition ${step.if}`);
    if (failed && !always) continue;
    if (step.uses) {
      skippedUses.push(step.uses);
      continue;
    }
    if (step.shell !== 'bash' || !step.run) throw new Error(`runAction: step ${index} is neither a bash run nor a uses`);
    const output = join(dir, `output-${index}`);
    writeFileSync(output, '');
    const env = { ...baseEnv, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, GITHUB_ENV: envFile, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(String(v))])) };
    const { code, out } = await runBash(expand(step.run), env, dir);
    stdout += out;
    if (step.id) stepOutputs[step.id] = outputsOf(output);
    if (code !== 0 && !failed) failed = code;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, expand(v.value)]));
  return { outputs, exitCode: failed, stdout, summary: readFileSync(summary, 'utf8'), skippedUses, ms: Date.now() - started };
}
