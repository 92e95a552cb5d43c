import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';

/**
 * HTTPS as Azurite offers it: `--cert <pem> --key <pem>`, or `--cert <pfx> --pwd <password>`. `--cert dev` uses a
 * throwaway development certificate for 127.0.0.1, ::1 and localhost, made with `selfsigned` (no OpenSSL needed)
 * and kept in a folder so the path given to NODE_EXTRA_CA_CERTS stays valid from one run to the next.
 */
export interface TlsOptions {
  /** A PEM certificate file, a PFX/P12 file (with `pwd`), or "dev". */
  readonly cert: string;
  /** The PEM private key file (not with a PFX, nor with "dev"). */
  readonly key?: string;
  /** The PFX's password. */
  readonly pwd?: string;
  /** Where "dev" keeps its certificate; default the state folder (--location), else <tmpdir>/jobrouter-emulator. */
  readonly devDir?: string;
}

/** What node:https takes, plus the certificate file a client should trust (for the banner). */
export interface TlsMaterial {
  readonly serverOptions: { cert?: Buffer; key?: Buffer; pfx?: Buffer; passphrase?: string };
  readonly certPath: string;
  readonly dev: boolean;
}

export const DEV_CERT_FILE = 'jobrouter-emulator-cert.pem';
export const DEV_KEY_FILE = 'jobrouter-emulator-key.pem';
const DAY_MS = 24 * 60 * 60 * 1000;

export function defaultDevCertDir(): string {
  return join(tmpdir(), 'jobrouter-emulator');
}

/** A certificate still good for a day that names 127.0.0.1 and localhost is kept; anything else is made anew. */
function usable(certPath: string, keyPath: string): boolean {
  if (!existsSync(certPath) || !existsSync(keyPath)) return false;
  try {
    const cert = new X509Certificate(readFileSync(certPath));
    return Date.parse(cert.validTo) - Date.now() > DAY_MS && cert.checkIP('127.0.0.1') !== undefined && cert.checkHost('localhost') !== undefined;
  } catch {
    return false;
  }
}

function writeAtomically(path: string, text: string, mode: number): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode });
  renameSync(temporary, path);
}

/** Makes (or reuses) the development certificate in `dir`; returns the paths of its two PEM files. */
export async function ensureDevCertificate(dir: string): Promise<{ certPath: string; keyPath: string; created: boolean }> {
  const folder = resolve(dir);
  const certPath = join(folder, DEV_CERT_FILE);
  const keyPath = join(folder, DEV_KEY_FILE);
  if (usable(certPath, keyPath)) return { certPath, keyPath, created: false };
  mkdirSync(folder, { recursive: true });
  const { generate } = await import('selfsigned');
  const notBeforeDate = new Date(Date.now() - 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'jobrouter-emulator development' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(notBeforeDate.getTime() + 365 * DAY_MS),
    extensions: [
      // Its own issuer: trusted through NODE_EXTRA_CA_CERTS as an anchor, so it may sign (itself) and serve TLS.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  writeAtomically(keyPath, pems.private, 0o600);
  writeAtomically(certPath, pems.cert, 0o644);
  return { certPath, keyPath, created: true };
}

const PFX_EXTENSIONS = new Set(['.pfx', '.p12']);

/** Reads (or, for "dev", makes) the server's certificate; throws a one-sentence Error for what cannot be used. */
export async function loadTls(options: TlsOptions): Promise<TlsMaterial> {
  if (options.cert === 'dev') {
    if (options.key !== undefined || options.pwd !== undefined) throw new Error('--cert dev makes its own key: leave out --key and --pwd.');
    const made = await ensureDevCertificate(options.devDir ?? defaultDevCertDir());
    return { serverOptions: { cert: readFileSync(made.certPath), key: readFileSync(made.keyPath) }, certPath: made.certPath, dev: true };
  }
  const certPath = resolve(options.cert);
  if (!existsSync(certPath)) throw new Error(`the certificate file ${certPath} does not exist.`);
  if (PFX_EXTENSIONS.has(extname(certPath).toLowerCase()) || (options.key === undefined && options.pwd !== undefined)) {
    return { serverOptions: { pfx: readFileSync(certPath), ...(options.pwd === undefined ? {} : { passphrase: options.pwd }) }, certPath, dev: false };
  }
  if (options.key === undefined) throw new Error('--cert needs --key (a PEM private key), or --pwd for a PFX.');
  const keyPath = resolve(options.key);
  if (!existsSync(keyPath)) throw new Error(`the key file ${keyPath} does not exist.`);
  return {
    serverOptions: { cert: readFileSync(certPath), key: readFileSync(keyPath), ...(options.pwd === undefined ? {} : { passphrase: options.pwd }) },
    certPath,
    dev: false,
  };
}
