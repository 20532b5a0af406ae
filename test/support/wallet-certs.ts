import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { App } from '../../src/app.ts';
import { saveAppleCertificate, saveGoogleAccount } from '../../src/wallet/settings.ts';

/** A certificate and key pair made for a test, PEM. */
export interface TestCertificate {
  cert: string;
  key: string;
}

function certificate(subject: forge.pki.CertificateField[], issuer: { attrs: forge.pki.CertificateField[]; key: forge.pki.rsa.PrivateKey } | undefined, days: number) {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = String(Date.now() % 1_000_000) + String(Math.floor(Math.random() * 1000));
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + days * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer?.attrs ?? subject);
  cert.setExtensions(issuer ? [{ name: 'basicConstraints', cA: false }, { name: 'keyUsage', digitalSignature: true }] : [{ name: 'basicConstraints', cA: true }, { name: 'keyUsage', keyCertSign: true, digitalSignature: true }]);
  cert.sign(issuer?.key ?? keys.privateKey, forge.md.sha256.create());
  return { cert, keys, pem: { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) } };
}

/**
 * A stand-in for Apple's chain, made with node-forge: a "WWDR" authority and a Pass Type ID certificate
 * it issued (subject UID = the pass type id, OU = the team, as Apple's), plus a Google service account's RSA key.
 */
export function walletTestCredentials(passTypeId = 'pass.example.vuelve.test', days = 365, sameAuthorityAs?: WalletTestCredentials): WalletTestCredentials {
  const wwdr = sameAuthorityAs?.authority ?? certificate([{ name: 'commonName', value: 'Test WWDR Authority' }, { name: 'organizationName', value: 'Test Apple Inc.' }], undefined, 3650);
  const signer = certificate(
    [{ type: '0.9.2342.19200300.100.1.1', value: passTypeId, valueTagClass: forge.asn1.Type.UTF8 } as unknown as forge.pki.CertificateField, { name: 'commonName', value: `Pass Type ID: ${passTypeId}` }, { shortName: 'OU', value: 'ABCDE12345' }],
    { attrs: wwdr.cert.subject.attributes, key: wwdr.keys.privateKey },
    days,
  );
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    /** The stand-in WWDR with its key, to issue another certificate (`sameAuthorityAs`). */
    authority: wwdr,
    wwdr: wwdr.pem.cert,
    signer: signer.pem,
    googleKey: google.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    googlePublicKey: google.publicKey,
  };
}
export interface WalletTestCredentials {
  authority: ReturnType<typeof certificate>;
  wwdr: string;
  signer: TestCertificate;
  googleKey: string;
  googlePublicKey: KeyObject;
}

/** A .p12 as Keychain Access exports it: the certificate and its key (or `key`, another one), under a password. */
export function p12Of(cert: string, key: string, password: string): Uint8Array {
  const asn1 = forge.pkcs12.toPkcs12Asn1(forge.pki.privateKeyFromPem(key), [forge.pki.certificateFromPem(cert)], password, { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

export const testIssuerId = '3388000000012345678';
export const testClientEmail = 'wallet@vuelve-test.iam.gserviceaccount.com';

/** The service account key file as Google Cloud downloads it (fields trimmed to those that matter). */
export function serviceAccountJson(credentials: WalletTestCredentials): string {
  return JSON.stringify({ type: 'service_account', project_id: 'vuelve-test', private_key_id: 'abc123', private_key: credentials.googleKey, client_email: testClientEmail });
}

/** What the app needs beside the uploads: the test authority in place of Apple's WWDR, and the fakes' URLs. */
export function walletTestEnv(credentials: WalletTestCredentials, urls: { apns?: string; apnsCa?: string; googleApi?: string; googleToken?: string } = {}): Record<string, string> {
  return {
    APPLE_WWDR_CERT: credentials.wwdr,
    ...(urls.apns ? { APPLE_APNS_URL: urls.apns } : {}),
    ...(urls.apnsCa ? { APPLE_APNS_CA: urls.apnsCa } : {}),
    ...(urls.googleApi ? { GOOGLE_WALLET_API_URL: urls.googleApi } : {}),
    ...(urls.googleToken ? { GOOGLE_OAUTH_TOKEN_URL: urls.googleToken } : {}),
  };
}

/** Both wallets switched on as the owner does it: the .p12 and the key file through the same checks as the upload. */
export async function setUpTestWallets(app: App, credentials: WalletTestCredentials): Promise<void> {
  const apple = await saveAppleCertificate(app, p12Of(credentials.signer.cert, credentials.signer.key, 'test-password'), 'test-password');
  const google = await saveGoogleAccount(app, testIssuerId, serviceAccountJson(credentials));
  if (!apple.ok || !google.ok) throw new Error(`Test wallets refused: ${JSON.stringify([apple, google])}`);
}

/** A self-signed TLS certificate for `localhost`, for a fake HTTPS server the client is told to trust. */
export function localhostTls(): TestCertificate {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = new Date(Date.now() + 30 * 86_400_000);
  const name = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}
