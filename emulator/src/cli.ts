import { parseArgs } from 'node:util';
import { isChaosOn, parseChaos, type ChaosSettings } from './chaos';
import { EVENT_SCHEMAS, type EventSchema } from './events/envelope';
import type { SubscriptionSpec } from './events/publisher';
import { parseFaultList, type FaultName } from './faults';
import { emulatorVersion } from './version';
import { isMutantId, parseMutant } from './mutants/id';
import { bannerLines, writeCertificate } from './dev/banner';
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
  --cert <file>|dev                        HTTPS: a PEM certificate (with --key) or a PFX (with --pwd); "dev" makes
                                           (or reuses) a development certificate for 127.0.0.1 and localhost
  --key <file>                             the PEM private key of --cert
  --pwd <password>                         the password of a PFX given as --cert
  --oauth basic                            accept Entra ID bearer tokens whose issuer, audience and lifetime are
                                           plausible (signature not checked); HTTPS only
  --location <dir>                         keep the state in this folder: it comes back after a restart (default: memory)
  --clock real|manual                      manual: POST /emulator/clock moves the emulator's time forward (default real)
  --loose                                  accept the pre-release spellings production accepted under 2023-11-01
                                           ("kind": "longest-idle", "queue-and-match", "schedule-and-suspend",
                                           "wait-time"), with a warning each
  --debug <file>                           append one JSON line per request and answer to this file (secrets redacted)

Commands:
  jobrouter-emulator cert [--out <dir>]    write a development certificate and key (default folder: --location's
                                           default, <tmpdir>/jobrouter-emulator) and say how to trust it

Development endpoints (signed like every request): GET /emulator/health, POST /emulator/reset,
POST /emulator/clock {"advanceMs": N} | {"set": "<RFC 3339>"} (with --clock manual), and the event subscriptions:
PUT /emulator/eventSubscriptions/{name} (see the README).
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
        cert: { type: 'string' },
        key: { type: 'string' },
        pwd: { type: 'string' },
        oauth: { type: 'string' },
        location: { type: 'string' },
        clock: { type: 'string', default: 'real' },
        loose: { type: 'boolean', default: false },
        debug: { type: 'string' },
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
  if (values.oauth !== undefined && values.oauth !== 'basic') fail(`--oauth must be "basic", got "${values.oauth}".`);
  if (values.oauth === 'basic' && values.cert === undefined) fail('--oauth basic needs HTTPS: add --cert <pem> --key <pem>, or --cert dev.');
  if (values.clock !== 'real' && values.clock !== 'manual') fail(`--clock must be "real" or "manual", got "${values.clock}".`);
  if ((values.key !== undefined || values.pwd !== undefined) && values.cert === undefined) fail('--key and --pwd go with --cert.');
  const https = {
    ...(values.cert === undefined ? {} : { cert: values.cert }), ...(values.key === undefined ? {} : { key: values.key }),
    ...(values.pwd === undefined ? {} : { pwd: values.pwd }), ...(values.oauth === 'basic' ? { oauth: 'basic' as const } : {}),
  };
  return {
    ...https, ...(values.location === undefined ? {} : { location: values.location }), ...(values.clock === 'manual' ? { clock: 'manual' as const } : {}),
    ...(values.loose ? { loose: true } : {}), ...(values.debug === undefined ? {} : { debug: values.debug }),
    port, host: values.host, errors: values.errors, faults, ...(generated.length > 0 ? { mutants: generated } : {}), ...(key === undefined ? {} : { accessKey: key }), ...(chaos && isChaosOn(chaos) ? { chaos } : {}),
    events: { subscriptions, defaultSchema: schema as EventSchema },
  };
}

const argv = process.argv.slice(2);
if (argv[0] === 'cert') {
  await writeCertificate(argv.slice(1), fail);
  process.exit(0);
}
const options = parseOptions(argv);
try {
  const emulator = await startEmulator(options);
  for (const line of bannerLines(emulator, options, DEV_ACCESS_KEY)) process.stdout.write(`${line}\n`);
  if (options.mutants && options.mutants.length > 0) process.stdout.write(`Generated faults on: ${options.mutants.join(', ')}\n`);
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // close() writes the state (--location) and the debug log before the process ends.
    void emulator.close().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  process.once('SIGHUP', shutdown);
} catch (error) {
  fail(`could not start: ${error instanceof Error ? error.message : String(error)}`);
}
