import type { App } from '../app.ts';
import { readIssues, segmentOf, type Issue } from '../catalog/newsletter.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { rates, type IssueFigures, type Rates } from '../domain/delivery-figures.ts';
import type { Segment } from '../domain/segments.ts';
import { newsletterEmail, prepareIssue } from '../email/templates/newsletter.ts';
import type { Locale } from '../i18n/locales.ts';
import { issueFigures } from './delivery-figures.ts';
import { approvalDoc, approvalState, type ApprovalLog, type ApprovalState } from './newsletter-approval.ts';
import { reachOf } from './newsletter-audience.ts';
import { unsubscribeUrl } from './newsletter-links.ts';
import { sendLogDoc, summariseSendLog, type SendLog, type SendSummary } from './newsletter-store.ts';
import { monthOf } from '../domain/periods.ts';

/** What the owner sees of one issue before approving it: each language as the email, its reach, the approval. */
export interface IssuePanel {
  issue: string;
  versions: { locale: Locale; subject: string; preheader: string; html: string; bytes: number }[];
  segment: Segment;
  reach: Record<Locale, number> & { total: number };
  approval: ApprovalLog;
  state: ApprovalState;
  send: SendSummary;
  /** Where a test goes unless the owner types another address. */
  owner: string;
}

/**
 * The issue the dashboard shows: the one asked for, else the first one not yet
 * sent from this month on, else the newest.
 */
export function issueToShow(ids: readonly string[], finished: ReadonlySet<string>, now: Date, asked?: string | null): string | undefined {
  const sorted = [...new Set(ids)].sort();
  if (asked && sorted.includes(asked)) return asked;
  return sorted.find((id) => id >= monthOf(now) && !finished.has(id)) ?? sorted.at(-1);
}

/**
 * The panel of one issue, rendered as subscribers will get it.
 * @example const panel = await issuePanel(app, '2026-12', { confirmed: { en: 120, es: 80 } })
 */
export async function issuePanel(app: App, issue: string, options: { confirmed: Record<Locale, number>; issues?: Issue[]; site?: Site }): Promise<IssuePanel | undefined> {
  const versions = (options.issues ?? readIssues()).filter((i) => i.id === issue).sort((a, b) => a.locale.localeCompare(b.locale));
  if (versions.length === 0) return undefined;
  const site = options.site ?? readSite();
  const segment = segmentOf(versions);
  const [approval, log, reach] = await Promise.all([app.store.read(approvalDoc(issue)), app.store.read(sendLogDoc(issue)), reachOf(app, issue, segment, options.confirmed)]);
  const owner = app.config.ownerEmail ?? site.ownerEmail;
  return {
    issue,
    versions: versions.map((version) => {
      const email = newsletterEmail(prepareIssue(version, site, app.config.siteUrl), unsubscribeUrl(app, owner, version.locale, issue));
      return { locale: version.locale, subject: email.subject, preheader: version.data.preheader, html: email.html, bytes: Buffer.byteLength(email.html) };
    }),
    segment,
    reach: { ...reach.byLocale, total: reach.total },
    approval,
    state: approvalState(approval, versions),
    send: summariseSendLog(log),
    owner,
  };
}

/** Every sent (or started) issue's figures and rates, newest first. */
export async function figuresOfIssues(app: App, logs: readonly SendLog[]): Promise<{ issue: string; figures: IssueFigures; rates: Rates }[]> {
  const started = logs.filter((log) => log.startedAt);
  return Promise.all(
    started.map(async (log) => {
      const figures = await issueFigures(app, log);
      return { issue: log.issue, figures, rates: rates(figures) };
    }),
  );
}
