import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/model/index.js';
import { authLibraryOf, GAX5_CHAIN, gaxAuthOptions, ORGPOLICY_CHAIN, STORAGE_CHAIN, storageAuthOptions } from '../../../src/connectors/gcp/auth.js';

// A syntactically valid service account key: building clients from it sends nothing until a request is made.
function keyFile(): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'aispm-key-'));
  const file = join(dir, 'key.json');
  writeFileSync(file, JSON.stringify({ type: 'service_account', project_id: 'ml-prod', private_key_id: 'k1', private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }), client_email: 'scanner@ml-prod.iam.gserviceaccount.com', client_id: '1', token_uri: 'https://oauth2.googleapis.com/token' }));
  return file;
}

describe('credentials', () => {
  it('emulators get a client that sends no credentials, from the auth library each client uses', async () => {
    const gax = await gaxAuthOptions({}, true, 'ml-prod');
    expect(gax.authClient).toBeInstanceOf(authLibraryOf(GAX5_CHAIN).PassThroughClient);
    const org = await gaxAuthOptions({}, true, 'ml-prod', authLibraryOf(ORGPOLICY_CHAIN));
    expect(org.authClient).toBeInstanceOf(authLibraryOf(ORGPOLICY_CHAIN).PassThroughClient);
    expect(await storageAuthOptions({}, true, 'ml-prod')).toEqual({ projectId: 'ml-prod', useAuthWithCustomEndpoint: false });
  });

  it('--key-file is resolved once into an auth client for every client library', async () => {
    const file = keyFile();
    const gax = await gaxAuthOptions({ keyFile: file }, false, 'ml-prod');
    expect(gax.authClient).toBeInstanceOf(authLibraryOf(GAX5_CHAIN).JWT);
    expect((gax.authClient as { email?: string }).email).toBe('scanner@ml-prod.iam.gserviceaccount.com');
    expect((await storageAuthOptions({ keyFile: file }, false, 'ml-prod')).authClient).toBeInstanceOf(authLibraryOf(STORAGE_CHAIN).JWT);
  });

  it('credentials that cannot be loaded are a usage error before any client exists, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aispm-key-'));
    writeFileSync(join(dir, 'bad.json'), 'not a key');
    await expect(gaxAuthOptions({ keyFile: join(dir, 'bad.json') }, false, 'ml-prod')).rejects.toThrow(InputError);
    await expect(gaxAuthOptions({ keyFile: join(dir, 'bad.json') }, false, 'ml-prod')).rejects.toThrow(/Google credentials \(--key-file .*bad\.json\): cannot read it as JSON/);
  });

  it('--impersonate-service-account wraps the source credentials in an Impersonated client', async () => {
    const file = keyFile();
    const gax = await gaxAuthOptions({ keyFile: file, impersonateServiceAccount: 'aispm-reader@sec-tools.iam.gserviceaccount.com' }, false, 'ml-prod');
    const lib = authLibraryOf(GAX5_CHAIN);
    expect(gax.authClient).toBeInstanceOf(lib.Impersonated);
    expect((gax.authClient as { targetPrincipal?: string }).targetPrincipal).toBe('aispm-reader@sec-tools.iam.gserviceaccount.com');
    const storage = await storageAuthOptions({ keyFile: file, impersonateServiceAccount: 'aispm-reader@sec-tools.iam.gserviceaccount.com' }, false, 'ml-prod');
    expect(storage.authClient).toBeInstanceOf(authLibraryOf(STORAGE_CHAIN).Impersonated);
  });
});
