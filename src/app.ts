import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { getDatabase } from '@netlify/database';
import { dbOver, type Db } from './db/db.ts';
import type { Mailer } from './email/mailer.ts';
import { outboxMailer } from './email/outbox-mailer.ts';
import { resendMailer } from './email/resend-mailer.ts';
import { unsentMailer } from './email/unsent-mailer.ts';
import { resolveSiteUrl } from './http/site-url.ts';
import { walletEndpoints, type WalletEndpoints } from './wallet/settings.ts';

export type Env = Record<string, string | undefined>;

export type SecretName = 'CARD_SECRET' | 'SESSION_SECRET' | 'ADMIN_PASSWORD' | 'STAFF_PIN';

/** What a live shop cannot run without: on Netlify each must be set (and the PIN long enough). */
export const requiredOnNetlify = ['CARD_SECRET', 'SESSION_SECRET', 'ADMIN_PASSWORD', 'STAFF_PIN', 'RESEND_API_KEY', 'MAIL_FROM'] as const;

const whereToSet = "Netlify: Site configuration → Environment variables";

/** A setting the site cannot work without is missing or wrong; the message says what to set and where. */
export class ConfigError extends Error {
  readonly variables: string[];

  constructor(variables: string[], message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variables = variables;
  }
}

/** What every service needs: the database, email, a clock, and the settings. */
export interface App {
  /** The shop's records (Netlify Database; its local emulation under `npm start`), connected on first use. */
  readonly db: Db;
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
    /** On Netlify: the required variables that are unset or wrong (health answers 503, the dashboard shows a banner). */
    missing: string[];
    /** Resend's webhook signing secret (`whsec_…`); without it the webhook refuses every delivery. */
    resendWebhookSecret: string | undefined;
    /** The secrets left at their demo value (never on Netlify): cards printed with the demo CARD_SECRET never open the live site. */
    demoSecrets: SecretName[];
  };
  /** A secret from the environment; throws with the fix when it is missing in production. */
  secret(name: SecretName): string;
  /** Where the wallets' services are and Apple's intermediate certificate; the owner's keys are in the database (src/wallet/settings.ts). */
  wallet: WalletEndpoints;
}

// Demo values so that `npm start` works with no set-up; never used in production.
const devSecrets: Record<SecretName, string> = {
  CARD_SECRET: 'dev-card-secret-change-me',
  SESSION_SECRET: 'dev-session-secret-change-me',
  ADMIN_PASSWORD: 'admin',
  STAFF_PIN: '123456',
};

const demoWarning = (name: SecretName) => `${name} is not set: using the demo value "${devSecrets[name]}" (set it before going live)`;

/** Set by `npm start` once it has printed demoWarnings() (src/http/dev-server.ts): its function workers, a fresh one per request, stay quiet. */
export const WARNED_AT_START = 'VUELVE_WARNED_AT_START';

/** What a local run warns about: each secret left at its demo value, and a PIN Netlify would refuse. */
export function demoWarnings(env: Env): string[] {
  return (Object.keys(devSecrets) as SecretName[]).flatMap((name) => {
    const value = env[name];
    if (!value) return [demoWarning(name)];
    return name === 'STAFF_PIN' && !pinIsLong(value) ? [`${shortPinMessage(value)}. Allowed here, refused on Netlify.`] : [];
  });
}

/** The one place that reads the environment and wires the database and the mailer (tests give their own database). */
export function createApp(env: Env, given: { db?: Db } = {}): App {
  // Netlify gives functions SITE_ID and builds NETLIFY=true (`astro dev` emulates the Lambda variables, so not those).
  const production = Boolean(env.SITE_ID) || env.NETLIFY === 'true';
  const dataDir = resolve(env.DATA_DIR ?? 'data');
  // Folders under it are joined as text, not with path.resolve: Netlify's file tracer reads
  // resolve(<a variable>, 'outbox') as a glob over the whole repository, which copied .git and
  // earlier bundles into every function and kept `npm start` busy for minutes.

  const from = env.MAIL_FROM ?? 'Vuelve <hello@vuelve.local>';
  const missing = production
    ? [...requiredOnNetlify.filter((name) => !env[name] || (name === 'STAFF_PIN' && !pinIsLong(env[name]))), ...(env.NETLIFY_DB_URL ? [] : ['NETLIFY_DB_URL'])]
    : [];
  const mailMissing = missing.filter((name) => name === 'RESEND_API_KEY' || name === 'MAIL_FROM');
  let mailer: Mailer;
  if (mailMissing.length > 0) {
    // The outbox would write to a read-only disk, and nobody would read it: fail each send as a value instead.
    mailer = unsentMailer({ from, reason: `Email is not set up: ${mailMissing.join(' and ')} ${mailMissing.length > 1 ? 'are' : 'is'} not set (${whereToSet}); nothing was sent` });
  } else if (env.RESEND_API_KEY) {
    if (!env.MAIL_FROM) throw new ConfigError(['MAIL_FROM'], 'MAIL_FROM is not set: Resend sends only from a verified domain, e.g. MAIL_FROM="Shop <hello@your-shop.com>"');
    mailer = resendMailer({ apiKey: env.RESEND_API_KEY, from, baseUrl: env.RESEND_BASE_URL });
  } else {
    mailer = outboxMailer({ directory: `${dataDir}/outbox`, from });
  }

  const clockFile = production ? undefined : env.TEST_CLOCK_FILE;
  // The test clock file holds milliseconds to add to the real time (browser tests move past stamp limits).
  const now = clockFile
    ? () => new Date(Date.now() + Number(readFileSync(clockFile, 'utf8').trim() || 0))
    : () => new Date();

  // Each warning once per process, and none in a dev server's workers: the server printed them at start.
  const warned = new Set<string>(env[WARNED_AT_START] ? [...Object.keys(devSecrets), 'STAFF_PIN-short'] : []);
  let db = given.db;
  return {
    wallet: walletEndpoints(env),
    get db() {
      return (db ??= connect(env, production));
    },
    mailer,
    now,
    config: {
      siteUrl: resolveSiteUrl(env, production),
      ownerEmail: env.OWNER_EMAIL,
      dataDir,
      production,
      missing,
      resendWebhookSecret: env.RESEND_WEBHOOK_SECRET || undefined,
      demoSecrets: production ? [] : (Object.keys(devSecrets) as SecretName[]).filter((name) => !env[name]),
    },
    secret(name) {
      const value = env[name];
      if (value) {
        if (name === 'STAFF_PIN') checkPin(value, production, warned);
        return value;
      }
      if (production) throw new ConfigError([name], `${name} is not set: add it to the site's environment (${whereToSet})`);
      if (!warned.has(name)) {
        warned.add(name);
        console.warn(demoWarning(name));
      }
      return devSecrets[name];
    },
  };
}

/**
 * The database from Netlify's variables. The local emulation's address names no user, so node-postgres would send
 * $USER (unset on many machines; the emulation answers "user is required"): `postgres` is added.
 */
function connect(env: Env, production: boolean): Db {
  const url = env.NETLIFY_DB_URL;
  if (!url) {
    throw new ConfigError(
      ['NETLIFY_DB_URL'],
      production
        ? 'NETLIFY_DB_URL is not set: Netlify provisions the site\'s database on a deploy that includes @netlify/database; deploy again, and check the Database page of the site on Netlify'
        : 'NETLIFY_DB_URL is not set: start the kit with `npm start`, which starts the local database, or point NETLIFY_DB_URL at a Postgres server',
    );
  }
  const { pool } = getDatabase({ connectionString: env.NETLIFY_DB_DRIVER === 'serverless' ? url : withUser(url) });
  // A pooled connection the server closed while idle is replaced on next use; unhandled, its error would end the process.
  pool.on('error', (error: Error) => console.error(`A database connection was closed: ${error.message}`));
  return dbOver(pool, () => pool.end());
}

/** @example withUser('postgres://localhost:5432/postgres') → 'postgres://postgres@localhost:5432/postgres' */
export function withUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = 'postgres';
  return parsed.toString();
}

/** Staff PINs have at least 6 digits: a 4-digit one falls to a patient guesser. */
export const MIN_PIN_DIGITS = 6;

const pinIsLong = (pin: string | undefined): boolean => new RegExp(`^\\d{${MIN_PIN_DIGITS},}$`).test(pin ?? '');

const shortPinMessage = (pin: string) =>
  `STAFF_PIN must be at least ${MIN_PIN_DIGITS} digits (0-9), not ${pin.length} characters: set a longer PIN in the site's environment (${whereToSet})`;

function checkPin(pin: string, production: boolean, warned: Set<string>): void {
  if (pinIsLong(pin)) return;
  const message = shortPinMessage(pin);
  if (production) throw new ConfigError(['STAFF_PIN'], message);
  if (!warned.has('STAFF_PIN-short')) {
    warned.add('STAFF_PIN-short');
    console.warn(`${message}. Allowed here, refused on Netlify.`);
  }
}

let current: App | undefined;

/** The app for this process, made from process.env on first use: a warm function keeps its connections. */
export function app(): App {
  return (current ??= createApp(process.env));
}

/** The content editor's GitHub repository and branch on Netlify, and the folder it writes under `npm start` (`CMS_LOCAL_ROOT`). */
export function contentEditorSettings(env: Env = process.env) {
  const fromUrl = /github\.com[/:]([^/]+\/[^/.]+)/.exec(env.REPOSITORY_URL ?? '')?.[1];
  return {
    repo: env.CMS_REPO ?? fromUrl ?? 'your-account/your-shop',
    branch: env.CMS_BRANCH ?? env.BRANCH ?? 'main',
    localRoot: resolve(env.CMS_LOCAL_ROOT ?? '.'),
  };
}
