import type { App } from '../app.ts';
import { rates, type IssueFigures, type Rates } from '../newsletter/delivery-figures.ts';
import { issueSends } from '../newsletter/queries.ts';
import { headlineSurvey, ladderRules, type FiguresContent } from './content.ts';
import { rungCounts, type Rung } from './ladder.ts';
import { monthIn } from '../domain/periods.ts';
import { chosenMonth, shiftMonth, type Month } from './months.ts';
import {
  complaintFigures,
  ladderAt,
  loyaltyFigures,
  monthStarts,
  stampsIn,
  subscribersAt,
  surveyScores,
  type ComplaintFigures,
  type LoyaltyFigures,
  type Scores,
  type SubscriberState,
} from './queries.ts';

/** One month at a glance on the shop's clock, compared with the month before: the printable monthly summary. */
export interface MonthlySummary {
  month: Month;
  /** The latest month there is a summary of (this month, so far). */
  latestMonth: Month;
  /** The instants the month starts and ends at. */
  start: Date;
  end: Date;
  /** The moment the figures stand at: the month's end, or now for the current month. */
  asOf: Date;
  feedback: { survey: string | undefined; scores: Scores; previous: Scores };
  complaints: ComplaintFigures;
  loyalty: LoyaltyFigures & { previousStamps: number };
  newsletter: {
    /** Subscribers in each state when the month started and ended (or now). */
    atStart: Record<SubscriberState, number>;
    atEnd: Record<SubscriberState, number>;
    /** The month's issue (its id is the month), once its send started. */
    issue: { sent: number; failed: number } | undefined;
    delivery: { figures: IssueFigures; rates: Rates } | undefined;
  };
  /** People on each rung when the month started and ended (or now). */
  ladder: { atStart: Record<Rung, number>; atEnd: Record<Rung, number> };
}

/**
 * The summary of the month the owner asked for (`2026-11`; anything else, or a month to come, gives this month).
 * @example const summary = await monthlySummary(app, { surveys, stampsPerReward: 8, timeZone: 'Europe/Madrid' }, '2026-11')
 */
export async function monthlySummary(app: Pick<App, 'db' | 'now'>, content: FiguresContent, wanted: string | null): Promise<MonthlySummary> {
  const now = app.now();
  const latestMonth = monthIn(now, content.timeZone);
  const month = chosenMonth(wanted, latestMonth);
  const [previousStart, start, end] = (await monthStarts(app.db, content.timeZone, [shiftMonth(month, -1), month, shiftMonth(month, 1)])) as [Date, Date, Date];
  const survey = headlineSurvey(content);
  const [scores, previous, complaints, loyalty, previousStamps, [atStart, atEnd], [issueRow], { counts: [rungsAtStart, rungsAtEnd] }] = await Promise.all([
    surveyScores(app.db, survey, start, end),
    surveyScores(app.db, survey, previousStart, start),
    complaintFigures(app.db, start, end),
    loyaltyFigures(app.db, start, end, content.stampsPerReward),
    stampsIn(app.db, previousStart, start),
    subscribersAt(app.db, [start, end]),
    issueSends(app.db, month),
    ladderAt(app.db, [start, end], ladderRules(content)),
  ]);
  // The month's issue, once any of its emails was claimed (sent, failed, or still sending).
  const claimed = issueRow && issueRow.sent + issueRow.failed + issueRow.sending > 0 ? issueRow : undefined;
  const figures: IssueFigures | undefined = claimed && {
    sent: claimed.sent, delivered: claimed.delivered, bounced: claimed.bounced, complained: claimed.complained,
    opened: claimed.opened, clicked: claimed.clicked, unsubscribed: claimed.unsubscribed,
  };
  return {
    month,
    latestMonth,
    start,
    end,
    asOf: end <= now ? new Date(end.getTime() - 1) : now,
    feedback: { survey: survey?.survey, scores, previous },
    complaints,
    loyalty: { ...loyalty, previousStamps },
    newsletter: {
      atStart: atStart!,
      atEnd: atEnd!,
      issue: claimed && { sent: claimed.sent, failed: claimed.failed },
      delivery: figures && { figures, rates: rates(figures) },
    },
    ladder: { atStart: rungCounts(rungsAtStart!), atEnd: rungCounts(rungsAtEnd!) },
  };
}
