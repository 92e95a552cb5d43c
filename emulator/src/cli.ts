import { parseArgs } from 'node:util';
import { describeChaos, isChaosOn, parseChaos, type ChaosSettings } from './chaos';
import { EVENT_SCHEMAS, type EventSchema } from './events/envelope';
import type { SubscriptionSpec } from './events/publisher';
import { parseFaultList, type FaultName } from './faults';
import { emulatorVersion } from './version';
import { isMutantId, parseMutant } from './mutants/id';
import { DEV_ACCESS_KEY, startEmulator, type EmulatorOptions } from './index';

/**
 * `npm run emulator -- --port N [--host H] [--access-key K] [--faults a,b] [--errors documented|observed] [--chaos spec]
 * [--chaos-seed N] [--events-webhook URL]... [--events-schema eventgrid|cloudevents]
 * [--events-queue NAME --events-queue-connection-string CS]`
 */
const HELP = `Usage: jobrouter-emulator [options]

A local emulator of the Azure Communication Services Job Router REST API (api-version 2023-11-01), as Azurite is for
Azure Storage. Prints its URL, a public development key and a connection string at start-up.

Options:
  -h, --help                               this text
  -V, --version                            the version
  --port <n>                               port (default 0: a free one)
  --host <host>                            interface (default 127.0.0.1)
  --access-key <base64>                    the key requests must be signed with (default: the development key)
  --errors documented|observed             error bodies as documented (default) or as production sends them
  --faults <a,b>                           named defects and variations (the kit's self-check; see the package's src/faults.ts)
                                           and generated faults gen:<operator>:<location> (src/mutants)
  --chaos <spec>                           throttle=P,unavailable=P,reset=P,lost=P,lag=MS,latency=MIN-MAX,retry-after=S
  --chaos-seed <n>                         replays the same disruptions (default 1)
  --events-webhook <url>                   deliver the router's Event Grid events to this webhook (repeatable)
  --events-schema eventgrid|cloudevents    their schema (default eventgrid)
  --events-queue <name>                    deliver them to this Azure Storage queue, with
  --events-queue-connection-string <cs>    the Storage account's connection string
Event subscriptions can also be added at run time: PUT /emulator/eventSubscriptions/{name} (see the README).
`;

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): EmulatorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '0' },
        host: { type: 'string', default: '127.0.0.1' },
        'access-key': { type: 'string' },
        faults: { type: 'string', default: '' },
        errors: { type: 'string', default: 'documented' },
        chaos: { type: 'string', default: '' },
        'chaos-seed': { type: 'string', default: '1' },
        'events-webhook': { type: 'string', multiple: true, default: [] },
        'events-schema': { type: 'string', default: 'eventgrid' },
        'events-queue': { type: 'string' },
        'events-queue-connection-string': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const flag = /'(-[^']*)'/.exec(text)?.[1];
    fail(flag ? `unknown option ${flag}: see jobrouter-emulator --help.` : text.split('\n')[0] ?? text);
  }
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  if (values.version) {
    process.stdout.write(`${emulatorVersion()}\n`);
    process.exit(0);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got "${values.port}".`);
  if (values.errors !== 'documented' && values.errors !== 'observed') fail(`--errors must be "documented" or "observed", got "${values.errors}".`);
  const key = values['access-key'];
  if (key !== undefined && (key.length === 0 || Buffer.from(key, 'base64').length === 0)) fail('--access-key must be a non-empty base64 string.');
  let faults: FaultName[];
  // Generated faults (`gen:…`, scripts/selfcheck/mutant-space.ts) ride on --faults beside the named ones.
  const generated = values.faults.split(',').map((s) => s.trim()).filter(isMutantId);
  try {
    faults = parseFaultList(values.faults.split(',').filter((s) => !isMutantId(s.trim())).join(','));
    generated.forEach(parseMutant);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const seed = Number(values['chaos-seed']);
  if (!Number.isInteger(seed) || seed < 0) fail(`--chaos-seed must be a whole number, got "${values['chaos-seed']}".`);
  let chaos: ChaosSettings | undefined;
  try {
    chaos = values.chaos === '' ? undefined : parseChaos(values.chaos, seed);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const schema = values['events-schema'];
  if (!EVENT_SCHEMAS.includes(schema as EventSchema)) fail(`--events-schema must be one of ${EVENT_SCHEMAS.join(', ')}, got "${schema}".`);
  const subscriptions: SubscriptionSpec[] = values['events-webhook'].map((url, i) => {
    if (!/^https?:\/\/[^/]/.test(url)) fail(`--events-webhook must be an http(s) URL, got "${url}".`);
    return { name: `webhook-${i + 1}`, destination: { kind: 'webhook', url } };
  });
  const queueName = values['events-queue'];
  const queueConnection = values['events-queue-connection-string'];
  if ((queueName === undefined) !== (queueConnection === undefined)) fail('--events-queue and --events-queue-connection-string go together.');
  if (queueName !== undefined && queueConnection !== undefined) subscriptions.push({ name: 'storage-queue', destination: { kind: 'storage-queue', connectionString: queueConnection, queueName } });
  return {
    port, host: values.host, errors: values.errors, faults, ...(generated.length > 0 ? { mutants: generated } : {}), ...(key === undefined ? {} : { accessKey: key }), ...(chaos && isChaosOn(chaos) ? { chaos } : {}),
    events: { subscriptions, defaultSchema: schema as EventSchema },
  };
}

const options = parseOptions(process.argv.slice(2));
try {
  const emulator = await startEmulator(options);
  process.stdout.write(`Job Router emulator listening on ${emulator.url} (api-version 2023-11-01)\n`);
  if (options.accessKey === undefined) {
    process.stdout.write(`Development access key (public, like Azurite's): ${DEV_ACCESS_KEY}\n`);
    process.stdout.write(`Connection string: endpoint=${emulator.url}/;accesskey=${DEV_ACCESS_KEY}\n`);
  } else {
    process.stdout.write('Using the access key given with --access-key.\n');
  }
  if (options.faults && options.faults.length > 0) process.stdout.write(`Faults on: ${options.faults.join(', ')}\n`);
  if (options.mutants && options.mutants.length > 0) process.stdout.write(`Generated faults on: ${options.mutants.join(', ')}\n`);
  if (options.chaos) process.stdout.write(`Chaos on: ${describeChaos(options.chaos)}\n`);
  for (const s of emulator.events.list()) process.stdout.write(`Events (${s.schema}) → ${s.destination}\n`);
  process.stdout.write(`Add event subscriptions at run time: PUT ${emulator.url}/emulator/eventSubscriptions/{name} (see README)\n`);
  const shutdown = (): void => {
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
}
