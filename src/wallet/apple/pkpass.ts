import { PKPass } from 'passkit-generator';
import type { CardView } from '../card-view.ts';
import { passImages } from '../images.ts';
import type { AppleSettings } from '../settings.ts';
import { passAuthToken, passJson } from './pass-json.ts';

export const PKPASS_TYPE = 'application/vnd.apple.pkpass';

/**
 * A card's signed `.pkpass` (passkit-generator: manifest of SHA-1 hashes, PKCS#7 detached signature with the
 * Pass Type ID certificate and Apple's WWDR certificate).
 * @example await signedPass(settings, view, { webServiceUrl: 'https://shop.example/api/wallet/apple', cardSecret })
 */
export function signedPass(settings: AppleSettings, view: CardView, options: { webServiceUrl: string; cardSecret: string }): Buffer {
  const json = passJson(view, {
    passTypeId: settings.passTypeId,
    teamId: settings.teamId,
    webServiceUrl: options.webServiceUrl,
    authToken: passAuthToken(options.cardSecret, view.cardId),
  });
  const files: Record<string, Buffer> = { 'pass.json': Buffer.from(JSON.stringify(json)) };
  for (const [name, base64] of Object.entries(passImages)) files[name] = Buffer.from(base64, 'base64');
  return new PKPass(files, { signerCert: settings.signerCert, signerKey: settings.signerKey, wwdr: settings.wwdr }).getAsBuffer();
}
