import { z } from 'zod';
import type { App, Env } from '../app.ts';
import { defineDoc } from '../store/store.ts';
import { appleWwdrG4 } from './apple/wwdr-g4.ts';
import { readPassCertificate, readServiceAccount, type Checked, type PassCertificate, type ServiceAccount, type WalletName, type WalletProblem } from './credentials.ts';
import { seal, unseal } from './sealed.ts';

/**
 * The wallets' settings: the one interface the rest of src/wallet/ reads them through.
 *
 * The owner uploads the keys on the dashboard (/admin/loyalty/wallet/), not as environment variables:
 * Netlify runs functions on AWS Lambda, which caps all of a function's variables at 4 KB together, and
 * Apple's certificate and key plus Google's key are well over that. They are checked on upload, sealed
 * (src/wallet/sealed.ts) and kept in one store document:
 *
 *   wallet/settings   { apple?: { summary, sealed }, google?: { summary, sealed } }
 *
 * Only the summaries are ever shown back. Each instance keeps what it read for a short while.
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

const appleSummary = z.object({ passTypeId: z.string(), teamId: z.string(), subject: z.string(), issuer: z.string(), expires: z.iso.datetime(), uploadedAt: z.iso.datetime() });
const googleSummary = z.object({ issuerId: z.string(), clientEmail: z.string(), uploadedAt: z.iso.datetime() });
export type AppleSummary = z.infer<typeof appleSummary>;
export type GoogleSummary = z.infer<typeof googleSummary>;

export const walletSettingsDoc = defineDoc(
  'wallet/settings',
  z.object({
    apple: z.object({ summary: appleSummary, sealed: z.string() }).optional(),
    google: z.object({ summary: googleSummary, sealed: z.string() }).optional(),
  }),
  () => ({}),
);

/** Long enough to spare a store read per card page, short enough that another instance follows an upload soon. */
export const SETTINGS_CACHE_MS = 30_000;
const cache = new WeakMap<object, { at: number; settings: WalletSettings }>();

const sealingSecret = (app: App) => app.secret('SESSION_SECRET');

/** The wallets' settings as services use them (cached per instance for SETTINGS_CACHE_MS). */
export async function walletSettings(app: App): Promise<WalletSettings> {
  const now = app.now();
  const cached = cache.get(app.store);
  if (cached && now.getTime() - cached.at >= 0 && now.getTime() - cached.at < SETTINGS_CACHE_MS) return cached.settings;
  const doc = await app.store.read(walletSettingsDoc);
  const problems: WalletProblem[] = [];
  const open = <T>(wallet: WalletName, sealed: string | undefined): T | undefined => {
    if (!sealed) return undefined;
    const plain = unseal(sealingSecret(app), wallet, sealed);
    if (plain === undefined) problems.push({ wallet, field: wallet === 'apple' ? 'certificate' : 'serviceAccount', key: 'wallet.problem.sealed' });
    return plain === undefined ? undefined : (JSON.parse(plain) as T);
  };
  const { wallet: endpoints } = app;
  let apple: AppleSettings | undefined;
  const pass = open<Pick<PassCertificate, 'signerCert' | 'signerKey'>>('apple', doc.apple?.sealed);
  if (doc.apple && pass) {
    if (Date.parse(doc.apple.summary.expires) < now.getTime()) problems.push({ wallet: 'apple', field: 'certificate', key: 'wallet.problem.apple.expired', vars: { date: doc.apple.summary.expires } });
    else apple = { ...pass, passTypeId: doc.apple.summary.passTypeId, teamId: doc.apple.summary.teamId, wwdr: endpoints.wwdr, apnsUrl: endpoints.apnsUrl, apnsCa: endpoints.apnsCa };
  }
  const account = open<Pick<ServiceAccount, 'clientEmail' | 'privateKey'>>('google', doc.google?.sealed);
  const google = doc.google && account ? { ...account, issuerId: doc.google.summary.issuerId, apiUrl: endpoints.googleApiUrl, tokenUrl: endpoints.googleTokenUrl } : undefined;
  const settings = { apple, google, problems };
  cache.set(app.store, { at: now.getTime(), settings });
  return settings;
}

/** What the settings page shows: summaries only, never a key. */
export async function walletSummaries(app: App): Promise<{ apple: AppleSummary | undefined; google: GoogleSummary | undefined }> {
  const doc = await app.store.read(walletSettingsDoc);
  return { apple: doc.apple?.summary, google: doc.google?.summary };
}

/** Checks the .p12 and, when it is good, stores it sealed in place of any earlier one. */
export async function saveAppleCertificate(app: App, file: Uint8Array, password: string): Promise<Checked<AppleSummary>> {
  const checked = readPassCertificate(file, password, app.wallet.wwdr, app.now());
  if (!checked.ok) return checked;
  const { signerCert, signerKey, ...rest } = checked.value;
  const summary = { passTypeId: rest.passTypeId, teamId: rest.teamId, subject: rest.subject, issuer: rest.issuer, expires: rest.expires, uploadedAt: app.now().toISOString() };
  const sealed = seal(sealingSecret(app), 'apple', JSON.stringify({ signerCert, signerKey }));
  await app.store.update(walletSettingsDoc, (draft) => void (draft.apple = { summary, sealed }));
  cache.delete(app.store);
  return { ok: true, value: summary };
}

/** Checks the issuer id and the key file and, when both are good, stores them sealed. */
export async function saveGoogleAccount(app: App, issuerId: string, json: string): Promise<Checked<GoogleSummary>> {
  const checked = readServiceAccount(issuerId, json);
  if (!checked.ok) return checked;
  const { clientEmail, privateKey } = checked.value;
  const summary = { issuerId: checked.value.issuerId, clientEmail, uploadedAt: app.now().toISOString() };
  const sealed = seal(sealingSecret(app), 'google', JSON.stringify({ clientEmail, privateKey }));
  await app.store.update(walletSettingsDoc, (draft) => void (draft.google = { summary, sealed }));
  cache.delete(app.store);
  return { ok: true, value: summary };
}

/** Forgets a wallet's keys: its button leaves the card pages. */
export async function removeWallet(app: App, wallet: WalletName): Promise<void> {
  await app.store.update(walletSettingsDoc, (draft) => void delete draft[wallet]);
  cache.delete(app.store);
}
