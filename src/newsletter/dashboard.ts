import { periodLabel } from '../dashboard/format.ts';
import { rangeFrom, type Range } from '../dashboard/range.ts';
import type { App } from '../app.ts';
import { readIssues, segmentOf, type Issue } from '../catalog/newsletter.ts';
import { readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { dayOf } from '../domain/periods.ts';
import { newsletterEmail, prepareIssue } from '../email/templates/newsletter.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { formatDate, t, tn } from '../i18n/strings.ts';
import { rates, type Rates } from './delivery-figures.ts';
import { unsubscribeUrl } from './links.ts';
import {
  approvalOf,
  failedSends,
  issueSends,
  lastRun,
  latestSuppressions,
  reach,
  subscriberCounts,
  subscriberTrend,
  type ApprovalRow,
  type IssueSends,
  type SuppressionRow,
} from './queries.ts';
import { monthIn } from '../domain/periods.ts';
import { approvalState, approverOf, nextScheduledRun, type ApprovalState } from './rules.ts';
import { lapsedBefore, type Segment } from './segments.ts';

/** Suppressed addresses and refused sends listed on the page (the counts cover all). */
const LISTED = 50;

export interface IssuePanel {
  issue: string;
  versions: { locale: Locale; subject: string; preheader: string; html: string; bytes: number }[];
  segment: Segment;
  reach: Record<Locale, number> & { total: number };
  state: ApprovalState;
  sendState: 'not-started' | 'sending' | 'finished';
  /** What is approved and what will happen to it, in words; `schedule` is its last sentence while it is not sent. */
  status: string;
  schedule: string;
  /** Emails sent so far, and addresses it reaches that have not had it. */
  progress: { sent: number; remaining: number };
  tone: 'notice' | 'warning';
  actions: { approve: boolean; withdraw: boolean; sendNow: boolean };
  /** Where a test goes unless the owner types another address. */
  owner: string;
}

export interface NewsletterPage {
  counts: { confirmed: number; pending: number; unsubscribed: number; confirmedByLocale: Record<Locale, number> };
  /** Every issue id, newest first, for the picker. */
  issueIds: string[];
  panel: IssuePanel | undefined;
  /** What the last action did (approve, withdraw, test, send now), in words. */
  notice: string | undefined;
  /** Subscribers by state at the end of each period of the range the owner picked. */
  trend: { range: Range; labels: string[]; confirmed: number[]; pending: number[]; unsubscribed: number[] };
  sends: (IssueSends & { state: IssuePanel['sendState']; rates: Rates; started: string; finished: string })[];
  /** Per issue, the addresses refused for good (the first few; `count` is all of them). */
  failures: { issue: string; count: number; rows: { email: string; error: string; when: string }[] }[];
  suppressions: { total: number; latest: (Omit<SuppressionRow, 'at'> & { when: string })[] };
}

/**
 * Everything /admin/newsletter/ shows, every date on the shop's clock.
 * @example const view = await newsletterPage(app, { lang: 'es', params: Astro.url.searchParams })
 */
export async function newsletterPage(app: App, input: { lang: Locale; params: URLSearchParams; issues?: Issue[]; site?: Site }): Promise<NewsletterPage> {
  const { lang, params } = input;
  const site = input.site ?? readSite();
  const issues = input.issues ?? readIssues();
  const now = app.now();
  const when = (date: Date | null | undefined) => (date ? formatDate(lang, date, { dateStyle: 'medium', timeStyle: 'short', timeZone: site.timeZone }) : '–');
  const range = rangeFrom(params, now, site.timeZone);
  const [counts, trend, sends, failures, suppressions] = await Promise.all([
    subscriberCounts(app.db),
    subscriberTrend(app.db, { from: dayOf(range.from), to: dayOf(range.to), unit: range.unit, timeZone: site.timeZone, now }),
    issueSends(app.db),
    failedSends(app.db, LISTED),
    latestSuppressions(app.db, LISTED),
  ]);
  const issueIds = [...new Set(issues.map((i) => i.id))].sort().reverse();
  const shown = issueToShow(issueIds, new Set(sends.filter((s) => s.finishedAt).map((s) => s.issue)), monthIn(now, site.timeZone), params.get('issue'));
  const panel = shown ? await issuePanel(app, { issue: shown, versions: issues.filter((i) => i.id === shown), sends: sends.find((s) => s.issue === shown), lang, site, when }) : undefined;
  return {
    counts: { confirmed: total(counts.confirmed), pending: total(counts.pending), unsubscribed: total(counts.unsubscribed), confirmedByLocale: counts.confirmed },
    issueIds,
    panel,
    notice: shown ? await noticeOf(app, params.get('done'), shown, panel, lang) : undefined,
    trend: {
      range,
      labels: trend.map((p) => periodLabel(lang, new Date(`${p.start}T00:00:00Z`), range.unit)),
      confirmed: trend.map((p) => p.confirmed),
      pending: trend.map((p) => p.pending),
      unsubscribed: trend.map((p) => p.unsubscribed),
    },
    sends: sends.map((s) => ({ ...s, state: sendStateOf(s), rates: rates(s), started: when(s.startedAt), finished: when(s.finishedAt) })),
    failures: sends
      .filter((s) => s.failed > 0)
      .map((s) => ({ issue: s.issue, count: s.failed, rows: failures.filter((f) => f.issue === s.issue).map((f) => ({ email: f.email, error: f.error ?? '', when: when(f.claimed_at) })) })),
    suppressions: { total: suppressions.total, latest: suppressions.latest.map(({ at, ...s }) => ({ ...s, when: when(at) })) },
  };
}

/**
 * The issue the page shows: the one asked for, else the first one not yet sent from this month on, else the newest.
 * @example issueToShow(['2026-12', '2026-11'], new Set(), '2026-11') → '2026-11'
 */
export function issueToShow(ids: readonly string[], finished: ReadonlySet<string>, month: string, asked?: string | null): string | undefined {
  const sorted = [...ids].sort();
  if (asked && sorted.includes(asked)) return asked;
  return sorted.find((id) => id >= month && !finished.has(id)) ?? sorted.at(-1);
}

const total = (byLocale: Record<Locale, number>) => locales.reduce((sum, l) => sum + byLocale[l], 0);

const sendStateOf = (sends: Pick<IssueSends, 'finishedAt' | 'sent' | 'failed' | 'sending'> | undefined): IssuePanel['sendState'] =>
  sends?.finishedAt ? 'finished' : sends && sends.sent + sends.failed + sends.sending > 0 ? 'sending' : 'not-started';

/** One issue as the owner approves it: each language as the email, its reach today, and what will happen to it. */
async function issuePanel(
  app: App,
  input: { issue: string; versions: Issue[]; sends: IssueSends | undefined; lang: Locale; site: Site; when: (date: Date | null | undefined) => string },
): Promise<IssuePanel> {
  const { issue, lang, site, when } = input;
  const versions = input.versions.sort((a, b) => a.locale.localeCompare(b.locale));
  const segment = segmentOf(versions);
  const now = app.now();
  const before = lapsedBefore(segment.lapsedDays, now);
  const [approval, reached, left] = await Promise.all([approvalOf(app.db, issue), reach(app.db, segment, before), reach(app.db, segment, before, issue)]);
  const state = approvalState(approval, versions);
  const sendState = sendStateOf(input.sends);
  const owner = app.config.ownerEmail ?? site.ownerEmail;

  const progress = { sent: input.sends?.sent ?? 0, remaining: total(left) + (input.sends?.sending ?? 0) };
  const next = nextScheduledRun(issue, now, site.timeZone);
  /** The approval in words: the owner from this dashboard, or someone running npm run newsletter. */
  const approvalWords = (kind: 'approved' | 'changed', recorded: ApprovalRow) => {
    const approver = approverOf(recorded.approved_by);
    const date = when(recorded.approved_at);
    return approver.via === 'script' ? t(lang, `admin.newsletter.approval.${kind}.script`, { user: approver.user, date }) : t(lang, `admin.newsletter.approval.${kind}.dashboard`, { date });
  };
  const approved = approval && state === 'approved';
  const schedule = approved
    ? next ? t(lang, 'admin.newsletter.schedule.next', { date: when(next) }) : t(lang, 'admin.newsletter.schedule.none')
    : next ? t(lang, 'admin.newsletter.schedule.nextOnceApproved', { date: when(next) }) : t(lang, 'admin.newsletter.schedule.noneOnceApproved');
  const sentences =
    sendState === 'finished'
      ? [t(lang, 'admin.newsletter.approval.sent', { date: when(input.sends?.finishedAt) })]
      : approved
        ? [approvalWords('approved', approval), ...(sendState === 'sending' ? [t(lang, 'admin.newsletter.approval.sending', progress)] : []), schedule]
        : [approval ? approvalWords('changed', approval) : t(lang, 'admin.newsletter.approval.none'), schedule];

  const open = sendState !== 'finished';
  return {
    issue,
    versions: versions.map((version) => {
      const email = newsletterEmail(prepareIssue(version, site, app.config.siteUrl), unsubscribeUrl(app, owner, version.locale, issue));
      return { locale: version.locale, subject: email.subject, preheader: version.data.preheader, html: email.html, bytes: Buffer.byteLength(email.html) };
    }),
    segment,
    reach: { ...reached, total: total(reached) },
    state,
    sendState,
    status: sentences.join(' '),
    schedule,
    progress,
    tone: state === 'approved' || sendState === 'finished' ? 'notice' : 'warning',
    // "Send now" for an approved issue of this month or before: a later month's waits for its own days.
    actions: { approve: open && state !== 'approved', withdraw: open && state === 'approved', sendNow: open && state === 'approved' && issue <= monthIn(now, site.timeZone) },
    owner,
  };
}

/** What the owner's last action did, from `?done=` and, after "Send now", from the run it recorded. */
async function noticeOf(app: App, done: string | null, issue: string, panel: IssuePanel | undefined, lang: Locale): Promise<string | undefined> {
  if (done === 'approved') return `${t(lang, 'admin.newsletter.done.approved')} ${panel?.schedule ?? ''}`.trim();
  if (done === 'withdrawn' || done === 'tested') return t(lang, `admin.newsletter.done.${done}`);
  if (done !== 'sent-now') return undefined;
  const run = await lastRun(app.db, issue);
  if (!run) return undefined;
  if (run.outcome === 'finished') return tn(lang, 'admin.newsletter.done.finished', panel?.progress.sent ?? run.sent);
  if (run.outcome === 'paused') return t(lang, 'admin.newsletter.done.paused', panel?.progress ?? { sent: run.sent, remaining: '?' });
  return t(lang, run.outcome === 'busy' || run.outcome === 'stopped' ? `admin.newsletter.done.${run.outcome}` : 'admin.newsletter.done.notApproved');
}
