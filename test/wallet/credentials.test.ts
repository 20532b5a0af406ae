import { execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import forge from 'node-forge';
import { describe, expect, test } from 'vitest';
import { appleWwdrG4 } from '../../src/wallet/apple/wwdr-g4.ts';
import { readPassCertificate, readServiceAccount } from '../../src/wallet/credentials.ts';
import { problemText } from '../../src/wallet/messages.ts';
import { tempDir } from '../support/temp.ts';
import { localhostTls, p12Of, serviceAccountJson, testIssuerId, walletTestCredentials } from '../support/wallet-certs.ts';

const credentials = walletTestCredentials();
const other = walletTestCredentials('pass.example.other');
const now = new Date();
const p12 = (cert = credentials.signer.cert, key = credentials.signer.key) => p12Of(cert, key, 'secret');

describe("Apple's WWDR certificate shipped with the kit", () => {
  test('is the G4 intermediate, issued by Apple Root CA, valid until 10 December 2030, with its published fingerprint', () => {
    const wwdr = new X509Certificate(appleWwdrG4);
    expect(wwdr.subject).toContain('OU=G4');
    expect(wwdr.subject).toContain('CN=Apple Worldwide Developer Relations Certification Authority');
    expect(wwdr.issuer).toContain('CN=Apple Root CA');
    expect(new Date(wwdr.validTo).toISOString()).toBe('2030-12-10T00:00:00.000Z');
    expect(wwdr.fingerprint256).toBe('EA:47:57:88:55:38:DD:8C:B5:9F:F4:55:6F:67:60:87:D8:3C:85:E7:09:02:C1:22:E4:2C:08:08:B5:BC:E1:4C');
  });
});

describe('readPassCertificate(): the .p12 the owner uploads', () => {
  test('gives the certificate, its key, and the Pass Type ID and Team ID read from the certificate itself', () => {
    const result = readPassCertificate(p12(), 'secret', credentials.wwdr, now);
    expect(result).toMatchObject({ ok: true, value: { passTypeId: 'pass.example.vuelve.test', teamId: 'ABCDE12345', subject: 'Pass Type ID: pass.example.vuelve.test', issuer: 'Test WWDR Authority' } });
    if (!result.ok) return;
    expect(new X509Certificate(result.value.signerCert).checkPrivateKey(createPrivateKey(result.value.signerKey))).toBe(true);
    expect(Date.parse(result.value.expires)).toBeGreaterThan(now.getTime());
  });

  test('reads a .p12 exported with OpenSSL 3 defaults (AES-256, PBKDF2, SHA-256 MAC) that also carries the chain', async () => {
    const dir = await tempDir('vuelve-p12-');
    await Promise.all([writeFile(join(dir, 'cert.pem'), credentials.signer.cert), writeFile(join(dir, 'key.pem'), credentials.signer.key), writeFile(join(dir, 'wwdr.pem'), credentials.wwdr)]);
    execFileSync('openssl', ['pkcs12', '-export', '-in', join(dir, 'cert.pem'), '-inkey', join(dir, 'key.pem'), '-certfile', join(dir, 'wwdr.pem'), '-passout', 'pass:s3cret', '-out', join(dir, 'pass.p12')], { stdio: 'pipe' });
    const result = readPassCertificate(await readFile(join(dir, 'pass.p12')), 's3cret', credentials.wwdr, now);
    expect(result).toMatchObject({ ok: true, value: { passTypeId: 'pass.example.vuelve.test', teamId: 'ABCDE12345' } });
  });

  test.each([
    ['a wrong password', () => readPassCertificate(p12(), 'wrong', credentials.wwdr, now), 'password', 'wallet.problem.apple.password'],
    ['a key that is not the certificate\'s', () => readPassCertificate(p12(credentials.signer.cert, other.signer.key), 'secret', credentials.wwdr, now), 'certificate', 'wallet.problem.apple.keyMismatch'],
    ['a certificate without its key', () => readPassCertificate(Buffer.from(forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(null, [forge.pki.certificateFromPem(credentials.signer.cert)], 'secret', { algorithm: '3des' })).getBytes(), 'binary'), 'secret', credentials.wwdr, now), 'certificate', 'wallet.problem.apple.noKey'],
    ['a PEM file instead of a .p12', () => readPassCertificate(Buffer.from(credentials.signer.cert), 'secret', credentials.wwdr, now), 'certificate', 'wallet.problem.apple.notP12'],
    ['no file', () => readPassCertificate(new Uint8Array(), '', credentials.wwdr, now), 'certificate', 'wallet.problem.apple.missingFile'],
    ['a certificate Apple\'s WWDR did not issue', () => readPassCertificate(p12(other.signer.cert, other.signer.key), 'secret', credentials.wwdr, now), 'certificate', 'wallet.problem.apple.notWwdr'],
  ])('refuses %s, naming the field to fix', (_, check, field, key) => {
    expect(check()).toEqual({ ok: false, problems: [{ wallet: 'apple', field, key }] });
  });

  test('refuses a certificate whose subject names no pass type', () => {
    const tls = localhostTls();
    expect(readPassCertificate(p12(tls.cert, tls.key), 'secret', tls.cert, now)).toEqual({ ok: false, problems: [{ wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.notPassType' }] });
  });

  test('refuses an expired certificate, and says when it expired in the owner\'s language', () => {
    const later = new Date(now.getTime() + 400 * 86_400_000);
    const result = readPassCertificate(p12(), 'secret', credentials.wwdr, later);
    expect(result).toEqual({ ok: false, problems: [{ wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: expect.any(String) } }] });
    if (result.ok) return;
    const expiry = new Date(result.problems[0]!.vars!.date!);
    const year = String(expiry.getUTCFullYear());
    expect(problemText('en', result.problems[0]!)).toMatch(new RegExp(`^The Apple certificate expired on \\d{1,2} \\w+ ${year}\\. Create a new one`));
    expect(problemText('es', result.problems[0]!)).toMatch(new RegExp(`^El certificado de Apple caducó el \\d+ de \\w+ de ${year}\\.`));
  });
});

describe('readServiceAccount(): the issuer id and the JSON key file', () => {
  test('gives the issuer id, the service account and its key', () => {
    expect(readServiceAccount(` ${testIssuerId} `, serviceAccountJson(credentials))).toEqual({
      ok: true,
      value: { issuerId: testIssuerId, clientEmail: 'wallet@vuelve-test.iam.gserviceaccount.com', privateKey: credentials.googleKey },
    });
  });

  const account = JSON.parse(serviceAccountJson(credentials)) as Record<string, string>;
  test.each([
    ['a file that is not JSON', testIssuerId, '{"type": "service_account", ', 'serviceAccount', 'wallet.problem.google.notJson', undefined],
    ['an OAuth client file instead of a service account key', testIssuerId, JSON.stringify({ web: { client_id: 'x' } }), 'serviceAccount', 'wallet.problem.google.notServiceAccount', { type: '—' }],
    ['a key file without its private key', testIssuerId, JSON.stringify({ ...account, private_key: undefined }), 'serviceAccount', 'wallet.problem.google.incomplete', { fields: 'private_key' }],
    ['a private key that is not RSA', testIssuerId, JSON.stringify({ ...account, private_key: 'not a key' }), 'serviceAccount', 'wallet.problem.google.badKey', undefined],
    ['an issuer id that is not a number', 'my-shop', serviceAccountJson(credentials), 'issuerId', 'wallet.problem.google.issuerId', undefined],
  ])('refuses %s, naming the field to fix', (_, issuerId, json, field, key, vars) => {
    expect(readServiceAccount(issuerId, json)).toEqual({ ok: false, problems: [{ wallet: 'google', field, key, ...(vars ? { vars } : {}) }] });
  });

  test('names both fields when both are wrong, in English and in Spanish', () => {
    const result = readServiceAccount('', '');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['issuerId', 'serviceAccount']);
    expect(result.problems.map((p) => problemText('en', p))).toEqual([expect.stringContaining('The issuer ID is the number'), "Choose the service account's JSON key file."]);
    expect(result.problems.map((p) => problemText('es', p))).toEqual([expect.stringContaining('El ID de emisor es el número'), 'Elija el archivo de clave JSON de la cuenta de servicio.']);
  });
});
