import { getClient, type Client } from '@azure-rest/core-client';
import { createCommunicationAccessKeyCredentialPolicy, createCommunicationAuthPolicy } from '@azure/communication-common';
import { AzureKeyCredential, type TokenCredential } from '@azure/core-auth';
import { readFileSync } from 'node:fs';

/**
 * A Job Router client built as the official SDK (@azure-rest/communication-job-router) builds its own: core-client's
 * getClient with the api-version policy, communication-common's HMAC policy for a key or its auth policy for a token
 * credential. allowInsecureConnection stays off: the endpoint must be https://. The emulator's development
 * certificate is trusted through the pipeline's TLS settings (its `ca`), as NODE_EXTRA_CA_CERTS would in an app.
 */
export function sdkClient(endpoint: string, credential: string | TokenCredential, caFile: string): Client {
  const client = getClient(endpoint, { apiVersion: '2023-11-01', tlsOptions: { ca: readFileSync(caFile, 'utf8') } });
  client.pipeline.addPolicy(
    typeof credential === 'string'
      ? createCommunicationAccessKeyCredentialPolicy(new AzureKeyCredential(credential))
      : createCommunicationAuthPolicy(credential),
  );
  return client;
}

/** An unsigned JWT with the claims --oauth basic looks at; a real Entra ID token has a signature the emulator ignores. */
export function fakeEntraToken(claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = {
    aud: 'https://communication.azure.com',
    iss: 'https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/',
    iat: now - 60, nbf: now - 60, exp: now + 3600, oid: '00000000-0000-0000-0000-000000000001',
    ...claims,
  };
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'emulator-test' })}.${part(body)}.${Buffer.from('not-checked').toString('base64url')}`;
}

export function tokenCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** The body of an answer as a record, for reading properties in assertions. */
export function fields(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
