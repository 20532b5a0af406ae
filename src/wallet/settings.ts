import { z } from 'zod';
import type { App, Env } from '../app.ts';
import { appleWwdrG4 } from './apple/wwdr-g4.ts';
import { readPassCertificate, readServiceAccount, type Checked, type PassCertificate, type ServiceAccount, type WalletName, type WalletProblem } from './credentials.ts';
import { removeWalletKeys, saveWalletKeys, walletKeys, type WalletKeyRow } from './queries.ts';
import { seal, unseal } from './sealed.ts';

/**
 * The wallets' settings. The owner uploads the keys on the dashboard, not as environment variables: AWS Lambda
 * caps a function's variables at 4 KB together, and the keys are well over that. They are checked, sealed
 * (./sealed.ts) and kept in wallet_keys; only their summaries are ever shown back.
 */

export interface AppleSettings {
  passTypeId: string;
  teamId: string;
  /** PEM: the Pass Type ID certificate and its key (they also authenticate to APNs), and Apple's WWDR certificate. */
  signerCert: string;
  signerKey: string;
  wwdr: string;
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

export interface WalletSettings {
  /** Each undefined unless uploaded and still good. */
  apple: AppleSettings | undefined;
  google: GoogleSettings | undefined;
  /** Stored settings that no longer work (expired, or sealed with another SESSION_SECRET). */
  problems: WalletProblem[];
}

/** What is not a secret and not the owner's: Apple's intermediate and the services' addresses (tests point them at fakes). */
export interface WalletEndpoints {
  wwdr: string;
  apnsUrl: string;
  apnsCa: string | undefined;
  googleApiUrl: string;
  googleTokenUrl: string;
}

/** From src/app.ts: every variable is optional and only tests (or a change of Apple's intermediate) set one. */
export function walletEndpoints(env: Env): WalletEndpoints {
  const pem = (value: string | undefined) => (value?.trim() ? value.trim().replace(/\\n/g, '\n') : undefined);
  return {
    wwdr: pem(env.APPLE_WWDR_CERT) ?? appleWwdrG4,
    apnsUrl: (env.APPLE_APNS_URL?.trim() || 'https://api.push.apple.com').replace(/\/+$/, ''),
    apnsCa: pem(env.APPLE_APNS_CA),
    googleApiUrl: (env.GOOGLE_WALLET_API_URL?.trim() || 'https://walletobjects.googleapis.com/walletobjects/v1').replace(/\/+$/, ''),
    googleTokenUrl: env.GOOGLE_OAUTH_TOKEN_URL?.trim() || 'https://oauth2.googleapis.com/token',
  };
}

const appleSummary = z.object({ passTypeId: z.string(), teamId: z.string(), subject: z.string(), issuer: z.string(), expires: z.iso.datetime() });
const googleSummary = z.object({ issuerId: z.string(), clientEmail: z.string() });
export type AppleSummary = z.infer<typeof appleSummary> & { uploadedAt: Date };
export type GoogleSummary = z.infer<typeof googleSummary> & { uploadedAt: Date };

/** Each wallet's stored keys: the summary, checked, with when it was uploaded, and the sealed keys. */
function storedKeys(found: WalletKeyRow[]) {
  const row = (name: WalletName) => found.find((key) => key.wallet === name);
  const [apple, google] = [row('apple'), row('google')];
  return {
    apple: apple && { summary: { ...appleSummary.parse(apple.summary), uploadedAt: apple.uploaded_at }, sealed: apple.sealed },
    google: google && { summary: { ...googleSummary.parse(google.summary), uploadedAt: google.uploaded_at }, sealed: google.sealed },
  };
}

/** Long enough to spare a database read per card page, short enough that another instance follows an upload soon. */
export const SETTINGS_CACHE_MS = 30_000;
const cache = new WeakMap<object, { at: number; settings: WalletSettings }>();

const sealingSecret = (app: App) => app.secret('SESSION_SECRET');

/** The wallets' settings as services use them (cached per instance for SETTINGS_CACHE_MS). */
export async function walletSettings(app: App): Promise<WalletSettings> {
  const now = app.now();
  const cached = cache.get(app.db);
  if (cached && now.getTime() - cached.at >= 0 && now.getTime() - cached.at < SETTINGS_CACHE_MS) return cached.settings;
  const stored = storedKeys(await walletKeys(app.db));
  const problems: WalletProblem[] = [];
  const open = <T>(wallet: WalletName, sealed: string | undefined): T | undefined => {
    if (!sealed) return undefined;
    const plain = unseal(sealingSecret(app), wallet, sealed);
    if (plain === undefined) problems.push({ wallet, field: wallet === 'apple' ? 'certificate' : 'serviceAccount', key: 'wallet.problem.sealed' });
    return plain === undefined ? undefined : (JSON.parse(plain) as T);
  };
  const { wallet: endpoints } = app;
  let apple: AppleSettings | undefined;
  const pass = open<Pick<PassCertificate, 'signerCert' | 'signerKey'>>('apple', stored.apple?.sealed);
  if (stored.apple && pass) {
    if (Date.parse(stored.apple.summary.expires) < now.getTime()) problems.push({ wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: stored.apple.summary.expires } });
    else apple = { ...pass, passTypeId: stored.apple.summary.passTypeId, teamId: stored.apple.summary.teamId, wwdr: endpoints.wwdr, apnsUrl: endpoints.apnsUrl, apnsCa: endpoints.apnsCa };
  }
  const account = open<Pick<ServiceAccount, 'clientEmail' | 'privateKey'>>('google', stored.google?.sealed);
  const google = stored.google && account ? { ...account, issuerId: stored.google.summary.issuerId, apiUrl: endpoints.googleApiUrl, tokenUrl: endpoints.googleTokenUrl } : undefined;
  const settings = { apple, google, problems };
  cache.set(app.db, { at: now.getTime(), settings });
  return settings;
}

/** What the dashboard shows of the uploads: summaries only, never a key. */
export async function walletSummaries(app: App): Promise<{ apple: AppleSummary | undefined; google: GoogleSummary | undefined }> {
  const { apple, google } = storedKeys(await walletKeys(app.db));
  return { apple: apple?.summary, google: google?.summary };
}

/** The settings page's data: what was uploaded (summaries, never a key), which wallets work, and what fails. */
export async function walletSettingsView(app: App) {
  const [summaries, settings] = await Promise.all([walletSummaries(app), walletSettings(app)]);
  return { ...summaries, on: { apple: Boolean(settings.apple), google: Boolean(settings.google) }, problems: settings.problems };
}

/** Checks the .p12 and, when it is good, stores it sealed in place of any earlier one. */
export async function saveAppleCertificate(app: App, file: Uint8Array, password: string): Promise<Checked<AppleSummary>> {
  const checked = readPassCertificate(file, password, app.wallet.wwdr, app.now());
  if (!checked.ok) return checked;
  const { signerCert, signerKey, ...rest } = checked.value;
  const summary = { passTypeId: rest.passTypeId, teamId: rest.teamId, subject: rest.subject, issuer: rest.issuer, expires: rest.expires };
  const uploadedAt = app.now();
  await saveWalletKeys(app.db, 'apple', summary, seal(sealingSecret(app), 'apple', JSON.stringify({ signerCert, signerKey })), uploadedAt);
  cache.delete(app.db);
  return { ok: true, value: { ...summary, uploadedAt } };
}

/** Checks the issuer id and the key file and, when both are good, stores them sealed. */
export async function saveGoogleAccount(app: App, issuerId: string, json: string): Promise<Checked<GoogleSummary>> {
  const checked = readServiceAccount(issuerId, json);
  if (!checked.ok) return checked;
  const { clientEmail, privateKey } = checked.value;
  const summary = { issuerId: checked.value.issuerId, clientEmail };
  const uploadedAt = app.now();
  await saveWalletKeys(app.db, 'google', summary, seal(sealingSecret(app), 'google', JSON.stringify({ clientEmail, privateKey })), uploadedAt);
  cache.delete(app.db);
  return { ok: true, value: { ...summary, uploadedAt } };
}

/** Forgets a wallet's keys: its button leaves the card pages. */
export async function removeWallet(app: App, wallet: WalletName): Promise<void> {
  await removeWalletKeys(app.db, wallet);
  cache.delete(app.db);
}
