import type { Config } from '@netlify/functions';
import { app } from '../../src/app.ts';
import { endpoint, requestLocale, seeOther } from '../../src/http/respond.ts';
import { confirmSubscription } from '../../src/newsletter/confirm.ts';
import { linkProblemPage } from '../../src/newsletter/pages.ts';

/** GET /api/confirm?token=…: one click in the confirmation email confirms and shows the welcome page. */
export default endpoint(['GET'], async (request) => {
  const result = await confirmSubscription(app(), new URL(request.url).searchParams.get('token') ?? '');
  if (result.ok) return seeOther(`/${result.locale}/newsletter/welcome/`, { 'cache-control': 'no-store' });
  if (result.reason === 'unsubscribed') return linkProblemPage(result.locale, 410, 'newsletter.link.unsubscribed');
  return linkProblemPage(requestLocale(request), 400, 'newsletter.link.invalid.body');
});

export const config: Config = { path: '/api/confirm' };
