import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * The owner's wallet settings, checked once when the app starts. A wallet with a
 * missing or wrong setting is switched off (its button is absent) and the problem
 * names the setting, for the dashboard. Pure: src/app.ts passes the variables in.
 */

export interface AppleSettings {
  passTypeId: string;
  teamId: string;
  /** PEM: the Pass Type ID certificate, its private key, and Apple's WWDR intermediate certificate. */
  signerCert: string;
  signerKey: string;
  signerKeyPassphrase: string | undefined;
  wwdr: string;
  /** Token-based APNs: a key (.p8) of the same team and its key id. */
  apnsKeyId: string;
  apnsKey: string;
  apnsUrl: string;
  /** PEM of another certificate authority to trust for apnsUrl (a test's fake APNs). */
  apnsCa: string | undefined;
}

export interface GoogleSettings {
  issuerId: string;
  /** The service account's email and RSA private key (PEM), from its JSON key file. */
  clientEmail: string;
  privateKey: string;
  /** Wallet REST API and OAuth token endpoint: tests point them at a fake. */
  apiUrl: string;
  tokenUrl: string;
}

/** A setting that is missing or wrong, and how to fix it. */
export interface SettingProblem {
  wallet: 'apple' | 'google';
  setting: string;
  message: string;
}

export interface WalletSettings {
  apple: AppleSettings | undefined;
  google: GoogleSettings | undefined;
  problems: SettingProblem[];
}

export type WalletEnv = Partial<Record<(typeof appleVariables)[number] | (typeof googleVariables)[number], string>>;

export const appleVariables = [
  'APPLE_PASS_TYPE_ID', 'APPLE_TEAM_ID', 'APPLE_PASS_CERT', 'APPLE_PASS_KEY', 'APPLE_PASS_KEY_PASSPHRASE', 'APPLE_WWDR_CERT',
  'APPLE_APNS_KEY_ID', 'APPLE_APNS_KEY', 'APPLE_APNS_URL', 'APPLE_APNS_CA',
] as const;
export const googleVariables = ['GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_SERVICE_ACCOUNT', 'GOOGLE_WALLET_API_URL', 'GOOGLE_OAUTH_TOKEN_URL'] as const;

/** Netlify's UI keeps a PEM's line breaks, but a value pasted as one line has `\n` instead: accept both. */
function pem(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim().replace(/\\n/g, '\n') : undefined;
}

/**
 * The wallet settings from their variables; `now` checks certificate dates.
 * @example walletSettings({ APPLE_PASS_TYPE_ID: 'pass.com.shop.loyalty', … }, new Date())
 */
export function walletSettings(env: WalletEnv, now: Date): WalletSettings {
  const problems: SettingProblem[] = [];
  return { apple: apple(env, now, problems), google: google(env, problems), problems };
}

function apple(env: WalletEnv, now: Date, problems: SettingProblem[]): AppleSettings | undefined {
  // Optional ones do not switch the wallet on by themselves.
  const required = appleVariables.filter((name) => name !== 'APPLE_PASS_KEY_PASSPHRASE' && name !== 'APPLE_APNS_URL' && name !== 'APPLE_APNS_CA');
  if (!required.some((name) => env[name]?.trim())) return undefined;
  const before = problems.length;
  const fail = (setting: string, message: string) => problems.push({ wallet: 'apple', setting, message });
  for (const name of required) if (!env[name]?.trim()) fail(name, `${name} is not set`);
  if (problems.length > before) return undefined;

  const passTypeId = env.APPLE_PASS_TYPE_ID!.trim();
  const teamId = env.APPLE_TEAM_ID!.trim();
  if (!/^pass\.[A-Za-z0-9.-]+$/.test(passTypeId)) fail('APPLE_PASS_TYPE_ID', 'APPLE_PASS_TYPE_ID looks like "pass.com.yourshop.loyalty"');
  if (!/^[A-Z0-9]{10}$/.test(teamId)) fail('APPLE_TEAM_ID', 'APPLE_TEAM_ID is the 10-character Team ID shown in your Apple Developer account');
  const signerCert = certificate('APPLE_PASS_CERT', env.APPLE_PASS_CERT, now, fail);
  const wwdr = certificate('APPLE_WWDR_CERT', env.APPLE_WWDR_CERT, now, fail);
  const passphrase = env.APPLE_PASS_KEY_PASSPHRASE || undefined;
  const signerKey = privateKey('APPLE_PASS_KEY', env.APPLE_PASS_KEY, passphrase, fail);
  if (signerCert && signerKey && !signerCert.checkPrivateKey(signerKey)) fail('APPLE_PASS_KEY', 'APPLE_PASS_KEY is not the private key of APPLE_PASS_CERT');
  if (signerCert && !signerCert.subject.includes(`UID=${passTypeId}`)) fail('APPLE_PASS_CERT', `APPLE_PASS_CERT is not the certificate of the Pass Type ID ${passTypeId}`);
  if (signerCert && wwdr && !(signerCert.checkIssued(wwdr) && signerCert.verify(wwdr.publicKey))) fail('APPLE_WWDR_CERT', 'APPLE_WWDR_CERT did not issue APPLE_PASS_CERT: download the WWDR certificate named in it (G4)');
  const apnsKey = privateKey('APPLE_APNS_KEY', env.APPLE_APNS_KEY, undefined, fail);
  if (apnsKey && apnsKey.asymmetricKeyType !== 'ec') fail('APPLE_APNS_KEY', 'APPLE_APNS_KEY is the .p8 key downloaded from Keys in your Apple Developer account');
  if (!/^[A-Z0-9]{10}$/.test(env.APPLE_APNS_KEY_ID!.trim())) fail('APPLE_APNS_KEY_ID', 'APPLE_APNS_KEY_ID is the 10-character Key ID of the APNs key');
  if (problems.length > before) return undefined;
  return {
    passTypeId, teamId,
    signerCert: pem(env.APPLE_PASS_CERT)!, signerKey: pem(env.APPLE_PASS_KEY)!, signerKeyPassphrase: passphrase, wwdr: pem(env.APPLE_WWDR_CERT)!,
    apnsKeyId: env.APPLE_APNS_KEY_ID!.trim(), apnsKey: pem(env.APPLE_APNS_KEY)!,
    apnsUrl: (env.APPLE_APNS_URL?.trim() || 'https://api.push.apple.com').replace(/\/+$/, ''),
    apnsCa: pem(env.APPLE_APNS_CA),
  };
}

function google(env: WalletEnv, problems: SettingProblem[]): GoogleSettings | undefined {
  if (!env.GOOGLE_WALLET_ISSUER_ID?.trim() && !env.GOOGLE_WALLET_SERVICE_ACCOUNT?.trim()) return undefined;
  const before = problems.length;
  const fail = (setting: string, message: string) => problems.push({ wallet: 'google', setting, message });
  const issuerId = env.GOOGLE_WALLET_ISSUER_ID?.trim() ?? '';
  if (!/^\d{10,25}$/.test(issuerId)) fail('GOOGLE_WALLET_ISSUER_ID', 'GOOGLE_WALLET_ISSUER_ID is the number shown in the Google Pay & Wallet Console');
  let account: { client_email?: unknown; private_key?: unknown } = {};
  try {
    account = JSON.parse(env.GOOGLE_WALLET_SERVICE_ACCOUNT ?? '') as typeof account;
  } catch {
    fail('GOOGLE_WALLET_SERVICE_ACCOUNT', 'GOOGLE_WALLET_SERVICE_ACCOUNT is the whole JSON key file of the service account');
  }
  const clientEmail = typeof account.client_email === 'string' ? account.client_email : '';
  const key = typeof account.private_key === 'string' ? account.private_key : '';
  if (problems.length === before && (!clientEmail || !key)) fail('GOOGLE_WALLET_SERVICE_ACCOUNT', 'GOOGLE_WALLET_SERVICE_ACCOUNT has no client_email or private_key: use the JSON key file as downloaded');
  else if (key && privateKey('GOOGLE_WALLET_SERVICE_ACCOUNT', key, undefined, fail)?.asymmetricKeyType !== 'rsa') {
    if (problems.length === before) fail('GOOGLE_WALLET_SERVICE_ACCOUNT', 'GOOGLE_WALLET_SERVICE_ACCOUNT holds no RSA private key');
  }
  if (problems.length > before) return undefined;
  return {
    issuerId, clientEmail, privateKey: key,
    apiUrl: (env.GOOGLE_WALLET_API_URL?.trim() || 'https://walletobjects.googleapis.com/walletobjects/v1').replace(/\/+$/, ''),
    tokenUrl: env.GOOGLE_OAUTH_TOKEN_URL?.trim() || 'https://oauth2.googleapis.com/token',
  };
}

function certificate(name: string, value: string | undefined, now: Date, fail: (setting: string, message: string) => void): X509Certificate | undefined {
  try {
    const cert = new X509Certificate(pem(value)!);
    if (Date.parse(cert.validTo) < now.getTime()) fail(name, `${name} expired on ${new Date(cert.validTo).toISOString().slice(0, 10)}: renew it in your Apple Developer account`);
    return cert;
  } catch {
    fail(name, `${name} is not a PEM certificate ("-----BEGIN CERTIFICATE-----…")`);
    return undefined;
  }
}

function privateKey(name: string, value: string | undefined, passphrase: string | undefined, fail: (setting: string, message: string) => void): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem(value)!, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch {
    fail(name, `${name} is not a PEM private key ("-----BEGIN PRIVATE KEY-----…")${passphrase ? ', or APPLE_PASS_KEY_PASSPHRASE is wrong' : ''}`);
    return undefined;
  }
}
