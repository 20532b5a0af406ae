import type { App } from '../app.ts';
import { headlineSurvey, type FiguresContent } from './content.ts';
import { monthIn } from '../domain/periods.ts';
import { shiftMonth, type Month } from './months.ts';
import { complaintFigures, knownPeople, monthStarts, stampsIn, subscribersAt, surveyScores, type Scores } from './queries.ts';

/** The overview (`/admin/`): this month so far on the shop's clock. */
export interface Overview {
  month: Month;
  /** The instant the month started (label it on the shop's clock). */
  start: Date;
  /** The headline survey's responses, NPS and CSAT this month. */
  scores: Scores;
  openComplaints: number;
  stamps: number;
  confirmedSubscribers: number;
  /** Everyone on the ladder (known customers). */
  knownPeople: number;
}

/**
 * The overview's figures, counted now.
 * @example const { scores, openComplaints } = await overview(app, { surveys, stampsPerReward: 8, timeZone: 'Europe/Madrid' })
 */
export async function overview(app: Pick<App, 'db' | 'now'>, content: FiguresContent): Promise<Overview> {
  const month = monthIn(app.now(), content.timeZone);
  const [start, end] = (await monthStarts(app.db, content.timeZone, [month, shiftMonth(month, 1)])) as [Date, Date];
  const [scores, complaints, stamps, [subscribers], known] = await Promise.all([
    surveyScores(app.db, headlineSurvey(content), start, end),
    complaintFigures(app.db, start, end),
    stampsIn(app.db, start, end),
    subscribersAt(app.db, [end]),
    knownPeople(app.db, end),
  ]);
  return {
    month,
    start,
    scores,
    openComplaints: complaints.openNow,
    stamps,
    confirmedSubscribers: subscribers!.confirmed,
    knownPeople: known,
  };
}
