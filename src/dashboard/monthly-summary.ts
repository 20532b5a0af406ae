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
  // The ladder is by far the slowest count. The others run one after another beside it rather than all at once, so
  // that they do not take the database's CPU from it together: at 100k on 2 cores about 250 → 200 ms, and no slower
  // with more cores, as together they take half the ladder's time.
  const others = async () => ({
    scores: await surveyScores(app.db, survey, start, end),
    previous: await surveyScores(app.db, survey, previousStart, start),
    complaints: await complaintFigures(app.db, start, end),
    loyalty: await loyaltyFigures(app.db, start, end, content.stampsPerReward),
    previousStamps: await stampsIn(app.db, previousStart, start),
    subscribers: await subscribersAt(app.db, [start, end]),
    issueRow: (await issueSends(app.db, month))[0],
  });
  const [{ counts: [rungsAtStart, rungsAtEnd] }, { scores, previous, complaints, loyalty, previousStamps, subscribers: [atStart, atEnd], issueRow }] = await Promise.all([
    ladderAt(app.db, [start, end], ladderRules(content)),
    others(),
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
