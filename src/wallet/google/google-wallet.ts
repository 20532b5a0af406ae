import { importPKCS8, SignJWT } from 'jose';
import { t } from '../../i18n/strings.ts';
import { shownStamps, type CardView } from '../card-view.ts';
import type { Delivery } from '../outbox.ts';
import type { GoogleSettings } from '../settings.ts';

/**
 * Google Wallet: a loyalty class (the programme) and a loyalty object per card, carried by the save link's
 * signed JWT; later changes replace the object through the Wallet REST API.
 */

const SCOPE = 'https://www.googleapis.com/auth/wallet_object.issuer';

export const classId = (settings: GoogleSettings) => `${settings.issuerId}.vuelve-loyalty`;
export const objectId = (settings: GoogleSettings, cardId: string) => `${settings.issuerId}.${cardId}`;

/** The programme as a loyalty class; its logo is the card icon the site serves. */
export function loyaltyClass(settings: GoogleSettings, view: CardView, siteUrl: string): Record<string, unknown> {
  return {
    id: classId(settings),
    issuerName: view.shop,
    programName: view.programme,
    programLogo: { sourceUri: { uri: `${siteUrl}/icons/card-512.png` }, contentDescription: { defaultValue: { language: view.locale, value: view.shop } } },
    hexBackgroundColor: view.colors.accent,
    reviewStatus: 'UNDER_REVIEW',
  };
}

/** One card as a loyalty object, in the card's language: stamps towards the reward, rewards ready, its QR code. */
export function loyaltyObject(settings: GoogleSettings, view: CardView): Record<string, unknown> {
  const tr = (key: Parameters<typeof t>[1], vars?: Record<string, string | number>) => t(view.locale, key, vars);
  const { balance } = view;
  return {
    id: objectId(settings, view.cardId),
    classId: classId(settings),
    state: 'ACTIVE',
    accountId: view.number,
    loyaltyPoints: { label: tr('wallet.pass.stamps'), balance: { string: tr('wallet.pass.stampsValue', { stamps: shownStamps(balance), total: balance.stampsPerReward }) } },
    secondaryLoyaltyPoints: { label: tr('wallet.pass.ready'), balance: { int: balance.ready } },
    barcode: { type: 'QR_CODE', value: view.url, alternateText: view.number },
    textModulesData: [
      { id: 'reward', header: tr('wallet.pass.reward'), body: view.reward },
      { id: 'rules', header: tr('loyalty.card.rules'), body: view.rules },
    ],
    linksModuleData: { uris: [{ id: 'page', uri: view.url, description: tr('wallet.pass.page') }] },
  };
}

const signingKey = (settings: GoogleSettings) => importPKCS8(settings.privateKey, 'RS256');

/** The "Save to Google Wallet" address for a card: `https://pay.google.com/gp/v/save/{jwt}`. */
export async function saveUrl(settings: GoogleSettings, view: CardView, siteUrl: string, now: Date): Promise<string> {
  const jwt = await new SignJWT({
    typ: 'savetowallet',
    origins: [siteUrl],
    payload: { loyaltyClasses: [loyaltyClass(settings, view, siteUrl)], loyaltyObjects: [loyaltyObject(settings, view)] },
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(settings.clientEmail)
    .setAudience('google')
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(await signingKey(settings));
  return `https://pay.google.com/gp/v/save/${jwt}`;
}

let cachedToken: { email: string; token: string; expires: number } | undefined;

/** An OAuth access token for the service account (JWT bearer grant), reused until a minute before it expires. */
async function accessToken(settings: GoogleSettings, now: Date, signal: AbortSignal): Promise<string> {
  if (cachedToken && cachedToken.email === settings.clientEmail && cachedToken.expires > now.getTime() + 60_000) return cachedToken.token;
  const iat = Math.floor(now.getTime() / 1000);
  const assertion = await new SignJWT({ scope: SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setIssuer(settings.clientEmail)
    .setAudience(settings.tokenUrl)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(await signingKey(settings));
  const response = await fetch(settings.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
    signal,
  });
  const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
  if (!response.ok || !body.access_token) throw new Error(`Google sign-in ${response.status} ${body.error ?? ''} ${body.error_description ?? ''}`.trim());
  cachedToken = { email: settings.clientEmail, token: body.access_token, expires: now.getTime() + (body.expires_in ?? 3600) * 1000 };
  return body.access_token;
}

/**
 * Replaces a card's loyalty object with its current state: one PUT. `gone` when Google has no such
 * object (the customer opened the save link but never saved).
 */
export async function updateLoyaltyObject(settings: GoogleSettings, view: CardView, options: { now: Date; timeoutMs: number }): Promise<Delivery> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const token = await accessToken(settings, options.now, signal);
    const id = objectId(settings, view.cardId);
    const response = await fetch(`${settings.apiUrl}/loyaltyObject/${encodeURIComponent(id)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(loyaltyObject(settings, view)),
      signal,
    });
    if (response.ok) return { ok: true };
    const text = (await response.text()).slice(0, 300);
    return { ok: false, error: `Google Wallet ${response.status} ${text}`.trim(), gone: response.status === 404 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
