import { connect, constants } from 'node:http2';
import { importPKCS8, SignJWT } from 'jose';
import type { AppleSettings } from '../settings.ts';
import type { Delivery } from '../outbox.ts';

/**
 * Pass updates through APNs: HTTP/2, token-based authentication (an ES256 JWT signed with the team's
 * .p8 key), topic = the Pass Type ID, an empty JSON payload. The device then asks the web service
 * which passes changed and fetches them.
 */

// APNs refuses a provider token refreshed more often than every 20 minutes and one older than an hour.
const TOKEN_LIFETIME_MS = 50 * 60_000;
let cachedToken: { keyId: string; token: string; at: number } | undefined;

async function providerToken(settings: AppleSettings, now: Date): Promise<string> {
  if (cachedToken && cachedToken.keyId === settings.apnsKeyId && now.getTime() - cachedToken.at < TOKEN_LIFETIME_MS) return cachedToken.token;
  const key = await importPKCS8(settings.apnsKey, 'ES256');
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: settings.apnsKeyId })
    .setIssuer(settings.teamId)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .sign(key);
  cachedToken = { keyId: settings.apnsKeyId, token, at: now.getTime() };
  return token;
}

/**
 * Asks one device to refresh the pass: one POST /3/device/{pushToken}.
 * `gone` means the device no longer has the pass (410, or a token APNs does not know).
 */
export async function pushPassUpdate(settings: AppleSettings, pushToken: string, options: { now: Date; timeoutMs: number }): Promise<Delivery> {
  const token = await providerToken(settings, options.now);
  return new Promise((resolve) => {
    const session = connect(settings.apnsUrl, settings.apnsCa ? { ca: settings.apnsCa } : {});
    const done = (result: Delivery) => {
      clearTimeout(timer);
      session.close();
      resolve(result);
    };
    const timer = setTimeout(() => {
      session.destroy();
      resolve({ ok: false, error: `APNs did not answer within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    session.on('error', (error) => done({ ok: false, error: `APNs connection: ${error.message}` }));
    const request = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: `/3/device/${encodeURIComponent(pushToken)}`,
      authorization: `bearer ${token}`,
      'apns-topic': settings.passTypeId,
      'apns-push-type': 'background',
      'apns-priority': '5',
      'content-type': 'application/json',
    });
    let status = 0;
    let body = '';
    request.on('response', (headers) => (status = Number(headers[constants.HTTP2_HEADER_STATUS])));
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('error', (error) => done({ ok: false, error: `APNs request: ${error.message}` }));
    request.on('end', () => {
      if (status === 200) return done({ ok: true });
      const reason = (() => {
        try {
          return String((JSON.parse(body) as { reason?: unknown }).reason ?? '');
        } catch {
          return body.slice(0, 200);
        }
      })();
      done({ ok: false, error: `APNs ${status} ${reason}`.trim(), gone: status === 410 || reason === 'BadDeviceToken' || reason === 'Unregistered' });
    });
    request.end('{}');
  });
}
