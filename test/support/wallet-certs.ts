import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

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
 * it issued (subject UID = the pass type id, as Apple's), plus an APNs .p8-style EC key and a Google
 * service account's RSA key.
 */
export function walletTestCredentials(passTypeId = 'pass.example.vuelve.test', days = 365) {
  const wwdr = certificate([{ name: 'commonName', value: 'Test WWDR Authority' }, { name: 'organizationName', value: 'Test Apple Inc.' }], undefined, 3650);
  const signer = certificate(
    [{ type: '0.9.2342.19200300.100.1.1', value: passTypeId, valueTagClass: forge.asn1.Type.UTF8 } as unknown as forge.pki.CertificateField, { name: 'commonName', value: `Pass Type ID: ${passTypeId}` }, { shortName: 'OU', value: 'ABCDE12345' }],
    { attrs: wwdr.cert.subject.attributes, key: wwdr.keys.privateKey },
    days,
  );
  const apns = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const google = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    wwdr: wwdr.pem.cert,
    signer: signer.pem,
    apnsKey: apns.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    apnsPublicKey: apns.publicKey,
    googleKey: google.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    googlePublicKey: google.publicKey,
  };
}

/** The environment that switches both wallets on with test credentials; the URLs point at fakes. */
export function walletTestEnv(credentials: ReturnType<typeof walletTestCredentials>, urls: { apns?: string; googleApi?: string; googleToken?: string } = {}): Record<string, string> {
  return {
    APPLE_PASS_TYPE_ID: 'pass.example.vuelve.test',
    APPLE_TEAM_ID: 'ABCDE12345',
    APPLE_PASS_CERT: credentials.signer.cert,
    APPLE_PASS_KEY: credentials.signer.key,
    APPLE_WWDR_CERT: credentials.wwdr,
    APPLE_APNS_KEY_ID: 'KEYID12345',
    APPLE_APNS_KEY: credentials.apnsKey,
    ...(urls.apns ? { APPLE_APNS_URL: urls.apns } : {}),
    GOOGLE_WALLET_ISSUER_ID: '3388000000012345678',
    GOOGLE_WALLET_SERVICE_ACCOUNT: JSON.stringify({ type: 'service_account', client_email: 'wallet@vuelve-test.iam.gserviceaccount.com', private_key: credentials.googleKey }),
    ...(urls.googleApi ? { GOOGLE_WALLET_API_URL: urls.googleApi } : {}),
    ...(urls.googleToken ? { GOOGLE_OAUTH_TOKEN_URL: urls.googleToken } : {}),
  };
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
