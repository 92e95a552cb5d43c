import { parseArgs } from 'node:util';
import { describeChaos } from '../chaos';
import { defaultDevCertDir, ensureDevCertificate } from '../http/tls';
import type { EmulatorOptions, RunningEmulator } from '../index';

/** What the CLI prints at start-up: where it listens, how to connect, and how to trust a development certificate. */
export function bannerLines(emulator: RunningEmulator, options: EmulatorOptions, devKey: string): string[] {
  const lines = [`Job Router emulator listening on ${emulator.url} (api-version 2023-11-01)`];
  if (options.accessKey === undefined) {
    lines.push(`Development access key (public, like Azurite's): ${devKey}`);
    lines.push(`Connection string: ${emulator.connectionString}`);
  } else {
    lines.push('Using the access key given with --access-key.');
  }
  if (emulator.tls) {
    lines.push(`HTTPS with ${emulator.tls.dev ? 'a development certificate (127.0.0.1, ::1, localhost)' : 'the certificate'} ${emulator.tls.certPath}`);
    lines.push(`Trust it in a Node.js app: NODE_EXTRA_CA_CERTS=${emulator.tls.certPath}`);
  }
  if (options.oauth === 'basic') lines.push('Bearer tokens: Entra ID tokens for https://communication.azure.com are accepted (issuer, audience, lifetime checked; signature not).');
  if (emulator.state) {
    const { restored } = emulator.state;
    const counts = Object.entries(restored.counts).filter(([, n]) => n > 0).map(([name, n]) => `${n} ${name}`).join(', ');
    lines.push(`State kept in ${emulator.state.path}${restored.restored ? `: restored ${counts || 'an empty state'} in ${Math.round(restored.ms)} ms` : ' (new)'}`);
  }
  if (emulator.clock) lines.push(`Clock: manual — move it forward with POST ${emulator.url}/emulator/clock {"advanceMs": N} or {"set": "<RFC 3339>"}`);
  if (options.loose) lines.push('Loose: pre-release spellings are accepted with a warning each (see README).');
  if (options.debug) lines.push(`Debug log (secrets redacted): ${options.debug}`);
  if (options.faults && options.faults.length > 0) lines.push(`Faults on: ${options.faults.join(', ')}`);
  if (options.chaos) lines.push(`Chaos on: ${describeChaos(options.chaos)}`);
  for (const s of emulator.events.list()) lines.push(`Events (${s.schema}) → ${s.destination}`);
  lines.push(`Add event subscriptions at run time: PUT ${emulator.url}/emulator/eventSubscriptions/{name} (see README)`);
  return lines;
}

/** `jobrouter-emulator cert [--out <dir>]`: writes (or reuses) the development certificate and says how to use it. */
export async function writeCertificate(argv: string[], fail: (message: string) => never): Promise<void> {
  let out: string | undefined;
  try {
    out = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true, allowPositionals: false }).values.out;
  } catch (error) {
    fail(error instanceof Error ? error.message.split('\n')[0] ?? 'bad option' : String(error));
  }
  const made = await ensureDevCertificate(out ?? defaultDevCertDir());
  process.stdout.write(`${made.created ? 'Wrote' : 'Kept'} a development certificate for 127.0.0.1, ::1 and localhost:\n`);
  process.stdout.write(`  certificate: ${made.certPath}\n  private key: ${made.keyPath}\n`);
  process.stdout.write(`Start the emulator with it: jobrouter-emulator --cert ${made.certPath} --key ${made.keyPath}\n`);
  process.stdout.write(`Trust it in a Node.js app:  NODE_EXTRA_CA_CERTS=${made.certPath}\n`);
}
