import type { App } from '../app.ts';
import { monthLoyalty } from '../domain/card-rollup.ts';
import { joinedBetween } from '../domain/members.ts';
import type { ComplaintFigures } from '../domain/followup-index.ts';
import { dayTallies, totalOf } from '../domain/feedback-rollup.ts';
import { scoresOfTally, type Scores } from '../domain/feedback-stats.ts';
import { type Rung } from '../domain/ladder.ts';
import { rungRecord, stateTotals, type SubscriberState } from '../domain/people-rollup.ts';
import type { SurveyRules } from '../domain/survey.ts';
import { cardFigures } from './card-rollups.ts';
import { complaintsOfMonth } from './followups-view.ts';
import { memberCounts } from './members.ts';
import { sendLogs, summariseSendLog, type SendSummary } from './newsletter-store.ts';
import { rates, type IssueFigures, type Rates } from '../domain/delivery-figures.ts';
import { issueFigures } from './delivery-figures.ts';
import { countsAtDays, peopleNow } from './people-rollup.ts';
import { feedbackDays } from './feedback-rollups.ts';
import { dayOf } from '../domain/periods.ts';

/**
 * One month at a glance, compared with the month before: the figures of the
 * printable monthly summary and of the dashboard's overview (the current month
 * so far).
 */
export interface MonthlySummary {
  month: string;
  /** First instant of the month and of the next (UTC). */
  start: Date;
  end: Date;
  /** The moment the figures stand at: the month's end, or now for the current month. */
  asOf: Date;
  feedback: { survey: string | undefined; scores: Scores; previous: Scores };
  complaints: ComplaintFigures;
  loyalty: { stamps: number; redeemed: number; cardsUsed: number; rewardsEarned: number; newMembers: number; previousStamps: number };
  newsletter: {
    atEnd: Record<SubscriberState, number>;
    atStart: Record<SubscriberState, number>;
    issue: SendSummary | undefined;
    /** The month's issue's delivery figures and rates, once its send started. */
    delivery: { figures: IssueFigures; rates: Rates } | undefined;
  };
  ladder: { atEnd: Record<Rung, number>; atStart: Record<Rung, number> };
  /** True while older activity is still being folded into the ladder and newsletter counts. */
  folding: boolean;
}

const monthStart = (month: string) => new Date(`${month}-01T00:00:00Z`);
const addMonths = (date: Date, months: number) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
const inRange = (iso: string | null | undefined, from: Date, to: Date) => !!iso && iso >= from.toISOString() && iso < to.toISOString();

/**
 * The figures of one month (`2026-11`).
 * @example const summary = await monthlySummary(app, { surveys, stampsPerReward: 8 }, '2026-11')
 */
export async function monthlySummary(
  app: App,
  content: { surveys: Map<string, SurveyRules>; stampsPerReward: number },
  month: string,
): Promise<MonthlySummary> {
  const start = monthStart(month);
  const end = addMonths(start, 1);
  const previousStart = addMonths(start, -1);
  const now = app.now();
  const asOf = end <= now ? new Date(end.getTime() - 1) : now;
  const [surveyId, survey] = [...content.surveys][0] ?? [undefined, undefined];

  const [days, complaints, members, logs, cards, people] = await Promise.all([
    feedbackDays(app, content.surveys, previousStart, end),
    complaintsOfMonth(app, month),
    memberCounts(app),
    sendLogs(app),
    cardFigures(app, content.stampsPerReward),
    peopleNow(app, content),
  ]);
  const [atStart, atEnd] = await countsAtDays(app, [dayOf(start.getTime() - 1), dayOf(asOf)], people);

  const scores = (from: Date, to: Date) => {
    const within = days.filter((day) => inRange(`${day.day}T00:00:00.000Z`, from, to));
    return scoresOfTally(survey ?? { questions: [] }, totalOf(dayTallies(within, { survey: surveyId })));
  };

  const issueLog = logs.find((log) => log.issue === month);
  const figures = issueLog?.startedAt ? await issueFigures(app, issueLog) : undefined;
  const delivery = figures ? { figures, rates: rates(figures) } : undefined;

  return {
    month,
    start,
    end,
    asOf,
    feedback: { survey: surveyId, scores: scores(start, end), previous: scores(previousStart, start) },
    complaints,
    loyalty: {
      ...monthLoyalty(cards.figures, month, previousStart.toISOString().slice(0, 7)),
      newMembers: joinedBetween(members, start.toISOString(), end.toISOString()),
    },
    newsletter: {
      atEnd: stateTotals(atEnd!.newsletter),
      atStart: stateTotals(atStart!.newsletter),
      issue: issueLog ? summariseSendLog(issueLog) : undefined,
      delivery,
    },
    ladder: { atEnd: rungRecord(atEnd!.rungs), atStart: rungRecord(atStart!.rungs) },
    folding: !people.complete,
  };
}
