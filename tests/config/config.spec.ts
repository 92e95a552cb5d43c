import { expect, test } from '@playwright/test';
import { ConfigError, DEFAULT_API_VERSION, displayTarget, loadConfig, parseConnectionString, secretsOf } from '../../src/config';

const KEY = 'c2VjcmV0LWtleQ==';

test('a connection string yields endpoint and key, whatever the key case, spacing and trailing slash', () => {
  expect(parseConnectionString(`endpoint=https://x.communication.azure.com/;accesskey=${KEY}`)).toEqual({
    endpoint: 'https://x.communication.azure.com',
    accessKey: KEY,
  });
  expect(parseConnectionString(` Endpoint = http://127.0.0.1:4321/base/ ; AccessKey=${KEY};`)).toEqual({
    endpoint: 'http://127.0.0.1:4321/base',
    accessKey: KEY,
  });
});

test('an access key containing "=" padding is kept whole', () => {
  expect(parseConnectionString('endpoint=https://h/;accesskey=ab==').accessKey).toBe('ab==');
});

test('a connection string without endpoint or key is a ConfigError naming the expected format', () => {
  expect(() => parseConnectionString(`accesskey=${KEY}`)).toThrow(ConfigError);
  expect(() => parseConnectionString('endpoint=https://h/')).toThrow(/endpoint=https:\/\/<resource>.*accesskey=/);
  expect(() => parseConnectionString(`endpoint=not a url;accesskey=${KEY}`)).toThrow(/not a valid URL/);
  expect(() => parseConnectionString(`endpoint=ftp://h/;accesskey=${KEY}`)).toThrow(/http\(s\)/);
});

test('no endpoint configured → the embedded emulator with defaults', () => {
  const config = loadConfig({});
  expect(config.target).toEqual({ kind: 'emulator' });
  expect(config.apiVersion).toBe(DEFAULT_API_VERSION);
  expect(config.profile).toBe('default');
  expect(config.runPrefix).toBe('jrck');
  expect(config.timing.closeAtDelayMs).toBe(4000);
  expect(secretsOf(config)).toEqual([]);
  expect(displayTarget(config)).toBe('embedded emulator');
});

test('environment values override the defaults', () => {
  const config = loadConfig({
    JOBROUTER_API_VERSION: '2024-01-18-preview',
    JOBROUTER_PROFILE: 'service',
    JOBROUTER_RUN_PREFIX: 'ci-42',
    JOBROUTER_SEED: '7',
    JOBROUTER_WORKERS: '3',
    JOBROUTER_CLOSE_AT_DELAY_MS: '1500',
    JOBROUTER_POLL_INTERVAL_MS: '50',
  });
  expect(config.apiVersion).toBe('2024-01-18-preview');
  expect(config.profile).toBe('service');
  expect(config.runPrefix).toBe('ci-42');
  expect(config.seed).toBe(7);
  expect(config.workers).toBe(3);
  expect(config.timing.closeAtDelayMs).toBe(1500);
  expect(config.timing.pollIntervalMs).toBe(50);
});

test('the connection string wins over endpoint + key; its key is the one secret', () => {
  const config = loadConfig({
    JOBROUTER_CONNECTION_STRING: `endpoint=https://a.test/;accesskey=${KEY}`,
    JOBROUTER_ENDPOINT: 'https://b.test',
    JOBROUTER_ACCESS_KEY: 'b3RoZXI=',
  });
  expect(config.target).toEqual({ kind: 'remote', endpoint: 'https://a.test', auth: { kind: 'hmac', accessKey: KEY } });
  expect(secretsOf(config)).toEqual([KEY]);
});

test('endpoint + bearer token → bearer auth, the token is the secret', () => {
  const config = loadConfig({ JOBROUTER_ENDPOINT: 'https://b.test/', JOBROUTER_BEARER_TOKEN: 'tok' });
  expect(config.target).toEqual({ kind: 'remote', endpoint: 'https://b.test', auth: { kind: 'bearer', token: 'tok' } });
  expect(secretsOf(config)).toEqual(['tok']);
  expect(displayTarget(config)).toBe('https://b.test/');
});

test('bad values are ConfigErrors that name the key', () => {
  expect(() => loadConfig({ JOBROUTER_PROFILE: 'strict' })).toThrow(/JOBROUTER_PROFILE/);
  expect(() => loadConfig({ JOBROUTER_RUN_PREFIX: 'has space' })).toThrow(/JOBROUTER_RUN_PREFIX/);
  expect(() => loadConfig({ JOBROUTER_WORKERS: '0' })).toThrow(/JOBROUTER_WORKERS must be an integer ≥ 1, got "0"/);
  expect(() => loadConfig({ JOBROUTER_CLOSE_AT_DELAY_MS: 'soon' })).toThrow(/JOBROUTER_CLOSE_AT_DELAY_MS/);
  expect(() => loadConfig({ JOBROUTER_ENDPOINT: 'https://b.test' })).toThrow(/needs JOBROUTER_ACCESS_KEY or JOBROUTER_BEARER_TOKEN/);
  expect(() => loadConfig({ JOBROUTER_ACCESS_KEY: KEY })).toThrow(/need JOBROUTER_ENDPOINT/);
  expect(() => loadConfig({ JOBROUTER_ENDPOINT: 'nope', JOBROUTER_ACCESS_KEY: KEY })).toThrow(/JOBROUTER_ENDPOINT is not a valid URL/);
  for (const env of [{ JOBROUTER_PROFILE: 'x' }, { JOBROUTER_SEED: '-1' }]) {
    expect(() => loadConfig(env)).toThrow(ConfigError);
  }
});

test.describe('event source', () => {
  const remote = { JOBROUTER_ENDPOINT: 'https://x.example', JOBROUTER_ACCESS_KEY: KEY };
  const queue = { JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=c2VjcmV0LXF1ZXVlLWtleQ==;EndpointSuffix=core.windows.net', JOBROUTER_EVENTS_QUEUE_NAME: 'q' };

  test('auto: a webhook for the emulator (embedded or not yet started), nothing for a remote target, a queue when one is configured', () => {
    expect(loadConfig({}).events.source).toEqual({ kind: 'webhook', host: '127.0.0.1', port: 0, publicUrl: undefined });
    expect(loadConfig({ ...remote, JOBROUTER_EMBEDDED_EMULATOR: '1' }).events.source.kind).toBe('webhook');
    expect(loadConfig(remote).events.source).toEqual({ kind: 'none' });
    expect(loadConfig({ ...remote, ...queue }).events.source).toEqual({ kind: 'storage-queue', connectionString: queue.JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING, queueName: 'q' });
  });

  test('explicit sources, their settings and their mistakes', () => {
    const hook = loadConfig({ ...remote, JOBROUTER_EVENTS_SOURCE: 'webhook', JOBROUTER_EVENTS_PORT: '7072', JOBROUTER_EVENTS_HOST: '0.0.0.0', JOBROUTER_EVENTS_PUBLIC_URL: 'https://t.example/' });
    expect(hook.events.source).toEqual({ kind: 'webhook', host: '0.0.0.0', port: 7072, publicUrl: 'https://t.example/' });
    expect(loadConfig({ JOBROUTER_EVENTS_SOURCE: 'none' }).events.source).toEqual({ kind: 'none' });
    expect(() => loadConfig({ ...remote, JOBROUTER_EVENTS_SOURCE: 'storage-queue' })).toThrow(/JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING and JOBROUTER_EVENTS_QUEUE_NAME/);
    expect(() => loadConfig({ JOBROUTER_EVENTS_SOURCE: 'kafka' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOBROUTER_EVENTS_REQUIRED: 'yes' })).toThrow(/0 or 1/);
    expect(() => loadConfig({ JOBROUTER_EVENTS_PORT: '-1', JOBROUTER_EVENTS_SOURCE: 'webhook' })).toThrow(/JOBROUTER_EVENTS_PORT/);
    const config = loadConfig({ ...remote, JOBROUTER_EVENTS_REQUIRED: '1', JOBROUTER_EVENTS_TIMEOUT_MS: '2500' });
    expect([config.events.required, config.events.timeoutMs, config.events.feed]).toEqual([true, 2500, undefined]);
  });

  test('the queue connection string and its key are secrets, redacted like the access key', () => {
    const secrets = secretsOf(loadConfig({ ...remote, ...queue }));
    expect(secrets).toContain(KEY);
    expect(secrets).toContain(queue.JOBROUTER_EVENTS_QUEUE_CONNECTION_STRING);
    expect(secrets).toContain('c2VjcmV0LXF1ZXVlLWtleQ==');
  });
});

test('closeAt and retryOfferAt lie 2.5 s ahead against the embedded emulator, 4 s and 3 s against a remote target; a set value wins', () => {
  const remote = { JOBROUTER_ENDPOINT: 'https://x.example', JOBROUTER_ACCESS_KEY: KEY };
  const embedded = { ...remote, JOBROUTER_EMBEDDED_EMULATOR: '1' };
  expect([loadConfig(embedded).timing.closeAtDelayMs, loadConfig(embedded).timing.retryOfferDelayMs]).toEqual([2500, 2500]);
  expect([loadConfig(remote).timing.closeAtDelayMs, loadConfig(remote).timing.retryOfferDelayMs]).toEqual([4000, 3000]);
  expect(loadConfig({ ...embedded, JOBROUTER_CLOSE_AT_DELAY_MS: '6000' }).timing.closeAtDelayMs).toBe(6000);
});
