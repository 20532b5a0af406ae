import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getStore } from '@netlify/blobs';
import type { Mailer } from './email/mailer.ts';
import { outboxMailer } from './email/outbox-mailer.ts';
import { resendMailer } from './email/resend-mailer.ts';
import { blobsBackend } from './store/blobs-backend.ts';
import { createStore } from './store/document-store.ts';
import { fileBackend } from './store/file-backend.ts';
import type { Store } from './store/store.ts';
import { appleVariables, googleVariables, walletSettings, type WalletSettings } from './wallet/settings.ts';

export type Env = Record<string, string | undefined>;

export type SecretName = 'CARD_SECRET' | 'SESSION_SECRET' | 'ADMIN_PASSWORD' | 'STAFF_PIN';

/** What every service needs: storage, email, a clock, and the settings. */
export interface App {
  store: Store;
  mailer: Mailer;
  /** The current time; tests and the test clock move it. */
  now: () => Date;
  config: {
    /** Absolute origin for links in emails and QR codes, without a trailing slash. */
    siteUrl: string;
    /** Where complaint alerts go; undefined means the site content's owner email. */
    ownerEmail: string | undefined;
    dataDir: string;
    /** true on Netlify: secrets must be set, nothing falls back to a demo value. */
    production: boolean;
    /** Resend's webhook signing secret (`whsec_…`); without it the webhook refuses every delivery. */
    resendWebhookSecret: string | undefined;
  };
  /** A secret from the environment; throws with the fix when it is missing in production. */
  secret(name: SecretName): string;
  /** Apple and Google Wallet, each undefined unless fully and correctly set; `problems` names what is wrong. */
  wallet: WalletSettings;
}

// Demo values so that `npm start` works with no set-up; never used in production.
const devSecrets: Record<SecretName, string> = {
  CARD_SECRET: 'dev-card-secret-change-me',
  SESSION_SECRET: 'dev-session-secret-change-me',
  ADMIN_PASSWORD: 'admin',
  STAFF_PIN: '123456',
};

/**
 * Netlify gives functions SITE_ID at run time and builds NETLIFY=true. (`astro dev`
 * emulates the Lambda variables too, so those cannot tell production apart.)
 */
export function runsOnNetlify(env: Env): boolean {
  return Boolean(env.SITE_ID) || env.NETLIFY === 'true';
}

/** The one place that reads the environment and wires the store and the mailer. */
export function createApp(env: Env): App {
  const production = runsOnNetlify(env);
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  const storeKind = env.STORE ?? (production ? 'blobs' : 'file');

  let store: Store;
  if (storeKind === 'blobs') {
    store = createStore(blobsBackend(getStore({ name: env.BLOBS_STORE ?? 'vuelve', consistency: 'strong' })));
  } else if (storeKind === 'file') {
    if (production) throw new Error('STORE=file cannot work on Netlify (its file system does not persist): remove STORE or set it to "blobs"');
    store = createStore(fileBackend(resolve(dataDir, 'store')));
  } else {
    throw new Error(`STORE must be "file" or "blobs", not "${storeKind}"`);
  }

  const from = env.MAIL_FROM ?? 'Vuelve <hello@vuelve.local>';
  let mailer: Mailer;
  if (env.RESEND_API_KEY) {
    if (!env.MAIL_FROM) throw new Error('MAIL_FROM is not set: Resend sends only from a verified domain, e.g. MAIL_FROM="Shop <hello@your-shop.com>"');
    mailer = resendMailer({ apiKey: env.RESEND_API_KEY, from, baseUrl: env.RESEND_BASE_URL });
  } else {
    if (production) console.warn('RESEND_API_KEY is not set: emails are written to the outbox folder and nobody receives them');
    mailer = outboxMailer({ directory: resolve(dataDir, 'outbox'), from });
  }

  const clockFile = production ? undefined : env.TEST_CLOCK_FILE;
  // The test clock file holds milliseconds to add to the real time (browser tests move past stamp limits).
  const now = clockFile
    ? () => new Date(Date.now() + Number(readFileSync(clockFile, 'utf8').trim() || 0))
    : () => new Date();

  const wallet = walletSettings(Object.fromEntries([...appleVariables, ...googleVariables].map((name) => [name, env[name]])), new Date());
  for (const problem of wallet.problems) console.warn(`Wallet setting: ${problem.message}`);

  const warned = new Set<string>();
  return {
    wallet,
    store,
    mailer,
    now,
    config: {
      siteUrl: (env.SITE_URL ?? env.URL ?? 'http://localhost:4321').replace(/\/+$/, ''),
      ownerEmail: env.OWNER_EMAIL,
      dataDir,
      production,
      resendWebhookSecret: env.RESEND_WEBHOOK_SECRET || undefined,
    },
    secret(name) {
      const value = env[name];
      if (value) {
        if (name === 'STAFF_PIN') checkPin(value, production, warned);
        return value;
      }
      if (production) throw new Error(`${name} is not set: add it to the site's environment (Netlify: Site configuration → Environment variables)`);
      if (!warned.has(name)) {
        warned.add(name);
        console.warn(`${name} is not set: using the demo value "${devSecrets[name]}" (set it before going live)`);
      }
      return devSecrets[name];
    },
  };
}

/** Staff PINs have at least 6 digits: a 4-digit one falls to a patient guesser. */
export const MIN_PIN_DIGITS = 6;

function checkPin(pin: string, production: boolean, warned: Set<string>): void {
  if (new RegExp(`^\\d{${MIN_PIN_DIGITS},}$`).test(pin)) return;
  const message = `STAFF_PIN must be at least ${MIN_PIN_DIGITS} digits (0-9), not ${pin.length} characters: set a longer PIN in the site's environment (Netlify: Site configuration → Environment variables)`;
  if (production) throw new Error(message);
  if (!warned.has('STAFF_PIN-short')) {
    warned.add('STAFF_PIN-short');
    console.warn(`${message}. Allowed here, refused on Netlify.`);
  }
}

let current: App | undefined;

/** The app for this process, made from process.env on first use. */
export function app(): App {
  current ??= createApp(process.env);
  return current;
}

/**
 * The content editor's settings (/admin/content/): the GitHub repository it commits to on
 * Netlify (`CMS_REPO`, else Netlify's build variable `REPOSITORY_URL`) and the branch, and the
 * folder whose `content/` it writes under `npm start` (`CMS_LOCAL_ROOT`, tests use a copy).
 */
export function contentEditorSettings(env: Env = process.env) {
  const fromUrl = /github\.com[/:]([^/]+\/[^/.]+)/.exec(env.REPOSITORY_URL ?? '')?.[1];
  return {
    repo: env.CMS_REPO ?? fromUrl ?? 'your-account/your-shop',
    branch: env.CMS_BRANCH ?? env.BRANCH ?? 'main',
    localRoot: resolve(env.CMS_LOCAL_ROOT ?? '.'),
  };
}
