import { createPrivateKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { z } from 'zod';
import type { UiKey } from '../i18n/strings.ts';

/**
 * Checks the owner's uploads before anything is stored: Apple's Pass Type ID certificate as the .p12 Keychain
 * Access exports, and Google's service account JSON key file. Each problem names the field and a message key.
 */

export type WalletName = 'apple' | 'google';
export type WalletProblemKey = Extract<UiKey, `wallet.problem.${string}`>;

export interface WalletProblem {
  wallet: WalletName;
  /** The form field to fix: `certificate`, `password`, `issuerId`, `serviceAccount`. */
  field: string;
  key: WalletProblemKey;
  /** Filled into the message; `date` is an ISO date the page formats. */
  vars?: Record<string, string>;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: WalletProblem[] };

export interface PassCertificate {
  /** From the certificate's subject (UID and OU), never typed by the owner. */
  passTypeId: string;
  teamId: string;
  /** PEM; the key unencrypted (it is sealed before it is stored). */
  signerCert: string;
  signerKey: string;
  /** For the dashboard's summary. */
  subject: string;
  issuer: string;
  expires: string;
}

export interface ServiceAccount {
  issuerId: string;
  clientEmail: string;
  privateKey: string;
}

const apple = (field: string, key: WalletProblemKey, vars?: Record<string, string>): Checked<never> => ({ ok: false, problems: [{ wallet: 'apple', field, key, ...(vars ? { vars } : {}) }] });
const google = (field: string, key: WalletProblemKey, vars?: Record<string, string>): WalletProblem => ({ wallet: 'google', field, key, ...(vars ? { vars } : {}) });

/** `CN=…\nOU=…` (node's X509Certificate) as a map; the first value of each name. */
function names(dn: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of dn.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !map.has(line.slice(0, at))) map.set(line.slice(0, at), line.slice(at + 1));
  }
  return map;
}

/** The certificates and private keys inside a PKCS#12 file (node has no PKCS#12 reader; node-forge does). */
function openP12(file: Uint8Array, password: string): { certs: string[]; keys: string[] } | 'not-p12' | 'password' {
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(file).toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password);
  } catch (error) {
    return error instanceof Error && /password/i.test(error.message) ? 'password' : 'not-p12';
  }
  const bags = (type: string) => p12.getBags({ bagType: type })[type] ?? [];
  const certs = bags(forge.pki.oids.certBag!).flatMap((bag) => (bag.cert ? [forge.pki.certificateToPem(bag.cert)] : []));
  const keys = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag!), ...bags(forge.pki.oids.keyBag!)].flatMap((bag) => (bag.key ? [forge.pki.privateKeyToPem(bag.key)] : []));
  return { certs, keys };
}

/**
 * The Pass Type ID certificate and key from the .p12, checked: the password opens it, it holds the certificate
 * and its own key, Apple's WWDR authority issued it, it has not expired, and its subject names the pass type and team.
 */
export function readPassCertificate(file: Uint8Array, password: string, wwdr: string, now: Date): Checked<PassCertificate> {
  if (file.byteLength === 0) return apple('certificate', 'wallet.problem.apple.missingFile');
  const opened = openP12(file, password);
  if (opened === 'password') return apple('password', 'wallet.problem.apple.password');
  if (opened === 'not-p12') return apple('certificate', 'wallet.problem.apple.notP12');
  if (opened.certs.length === 0) return apple('certificate', 'wallet.problem.apple.noCertificate');
  if (opened.keys.length === 0) return apple('certificate', 'wallet.problem.apple.noKey');
  const key = createPrivateKey(opened.keys[0]!);
  // A .p12 may also carry the chain: the signer is the certificate of the key.
  const cert = opened.certs.map((pem) => new X509Certificate(pem)).find((candidate) => candidate.checkPrivateKey(key));
  if (!cert) return apple('certificate', 'wallet.problem.apple.keyMismatch');
  const subject = names(cert.subject);
  const passTypeId = subject.get('UID') ?? '';
  const teamId = subject.get('OU') ?? '';
  if (!/^pass\.[A-Za-z0-9.-]+$/.test(passTypeId)) return apple('certificate', 'wallet.problem.apple.notPassType');
  if (!/^[A-Z0-9]{10}$/.test(teamId)) return apple('certificate', 'wallet.problem.apple.noTeam');
  const authority = new X509Certificate(wwdr);
  if (!cert.checkIssued(authority) || !cert.verify(authority.publicKey)) return apple('certificate', 'wallet.problem.apple.notWwdr');
  const expires = new Date(cert.validTo);
  if (expires.getTime() < now.getTime()) return apple('certificate', 'wallet.problem.apple.expired', { date: expires.toISOString() });
  return {
    ok: true,
    value: {
      passTypeId,
      teamId,
      signerCert: cert.toString(),
      signerKey: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
      subject: subject.get('CN') ?? passTypeId,
      issuer: names(cert.issuer).get('CN') ?? '',
      expires: expires.toISOString(),
    },
  };
}

// Google Cloud's JSON key file, as downloaded (Service accounts → Keys → Add key → JSON).
const keyFile = z.object({ type: z.unknown().optional(), client_email: z.unknown().optional(), private_key: z.unknown().optional() });

/** The issuer id typed by the owner and the service account's key file, checked. */
export function readServiceAccount(issuerId: string, json: string): Checked<ServiceAccount> {
  const problems: WalletProblem[] = [];
  const issuer = issuerId.trim();
  if (!/^\d{10,25}$/.test(issuer)) problems.push(google('issuerId', 'wallet.problem.google.issuerId'));
  const account = (() => {
    if (!json.trim()) return google('serviceAccount', 'wallet.problem.google.missingFile');
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return google('serviceAccount', 'wallet.problem.google.notJson');
    }
    const file = keyFile.safeParse(parsed);
    if (!file.success) return google('serviceAccount', 'wallet.problem.google.notJson');
    const { type, client_email: email, private_key: key } = file.data;
    if (type !== 'service_account') return google('serviceAccount', 'wallet.problem.google.notServiceAccount', { type: typeof type === 'string' ? type : '—' });
    const missing = [...(typeof email === 'string' && z.email().safeParse(email).success ? [] : ['client_email']), ...(typeof key === 'string' && key ? [] : ['private_key'])];
    if (missing.length > 0) return google('serviceAccount', 'wallet.problem.google.incomplete', { fields: missing.join(', ') });
    try {
      if (createPrivateKey(key as string).asymmetricKeyType !== 'rsa') return google('serviceAccount', 'wallet.problem.google.badKey');
    } catch {
      return google('serviceAccount', 'wallet.problem.google.badKey');
    }
    return { clientEmail: email as string, privateKey: key as string };
  })();
  if ('key' in account) problems.push(account);
  if (problems.length > 0 || 'key' in account) return { ok: false, problems };
  return { ok: true, value: { issuerId: issuer, ...account } };
}
