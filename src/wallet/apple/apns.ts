import { connect, constants } from 'node:http2';
import type { AppleSettings } from '../settings.ts';
import type { Delivery } from '../outbox.ts';

/**
 * Pass updates through APNs: HTTP/2 over TLS with the Pass Type ID certificate and key that signed the pass
 * (an APNs auth key (.p8) does not serve passes); the device then asks the web service what changed.
 */

/**
 * Asks one device to refresh the pass: one POST /3/device/{pushToken}.
 * `gone` means the device no longer has the pass (410, or a token APNs does not know).
 */
export function pushPassUpdate(settings: AppleSettings, pushToken: string, options: { timeoutMs: number }): Promise<Delivery> {
  return new Promise((resolve) => {
    const session = connect(settings.apnsUrl, { cert: settings.signerCert, key: settings.signerKey, ...(settings.apnsCa ? { ca: settings.apnsCa } : {}) });
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
