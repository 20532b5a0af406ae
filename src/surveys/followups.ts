import { z } from 'zod';
import type { App } from '../app.ts';
import { readCollection, readSite } from '../catalog/read.ts';
import type { Site } from '../catalog/site.ts';
import { surveySchema, type Question, type Survey } from '../catalog/survey.ts';
import { readProductNames } from '../catalog/surveys.ts';
import { pageWindow, type Page } from '../domain/paging.ts';
import type { Locale } from '../i18n/locales.ts';
import type { AnswerValue, Answers } from './answers.ts';
import { followupLetter, type Letter } from './followup-email.ts';
import { complaintFigures, complaintsPage, findComplaint, followupStatuses, updateFollowup, type Complaint, type ComplaintFigures, type FollowupStatus } from './queries.ts';

/** A change to a follow-up: a new status, a note, or both. */
export const followupChangeSchema = z
  .object({
    status: z.enum(followupStatuses).optional(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .refine((change) => change.status !== undefined || change.note !== undefined, { message: 'Give a status, a note or both', path: ['status'] });
export type FollowupChange = z.infer<typeof followupChangeSchema>;

/**
 * Sets the status and/or adds a note, in one statement; the complaint as it is now, or undefined when there is none.
 * @example await changeFollowup(app, id, { status: 'contacted', note: 'Called, will visit Friday' })
 */
export async function changeFollowup(app: App, id: string, change: FollowupChange): Promise<Complaint | undefined> {
  return (await updateFollowup(app.db, id, change, app.now())) ? findComplaint(app.db, id) : undefined;
}

export const FOLLOWUPS_PER_PAGE = 20;

/** What the follow-up list needs from the shop's content: its surveys (the drafts' labels), the shop, product names. */
export interface FollowupContent {
  surveys: ReadonlyMap<string, Survey>;
  site: Pick<Site, 'name' | 'phone' | 'timeZone'>;
  products: ReadonlyMap<string, Record<Locale, string>>;
}

/** The follow-up list's content, from content/. */
export function readFollowupContent(): FollowupContent & { site: Site } {
  return { surveys: new Map(readCollection('surveys', surveySchema).map((entry) => [entry.id, entry.data])), site: readSite(), products: readProductNames() };
}

export interface FollowupsView {
  /** Every complaint's figures: how many stand in each status, the median times to contact and to resolve. */
  figures: ComplaintFigures;
  /** The page shown; a complaint the customer can be written to comes with the owner's draft, until it is sent. */
  page: Page<Complaint & { letter: Letter | undefined }>;
}

/**
 * One page of the follow-up list: one status (newest first) or, without one, everything still to do (open
 * first); `show` picks one complaint (its own page).
 * @example await followupsView(app, content, { page: 1 })
 */
export async function followupsView(app: App, content: FollowupContent, query: { status?: FollowupStatus | undefined; page: number; show?: string | undefined }): Promise<FollowupsView> {
  const figures = await complaintFigures(app.db, { tz: content.site.timeZone });
  let shown: Page<Complaint>;
  if (query.show !== undefined) {
    const one = await findComplaint(app.db, query.show);
    shown = { items: one ? [one] : [], page: 1, pages: 1, total: one ? 1 : 0, first: one ? 1 : 0 };
  } else {
    const total = query.status ? figures.now[query.status] : figures.now.open + figures.now.contacted;
    const { skip, ...window } = pageWindow(total, query.page, FOLLOWUPS_PER_PAGE);
    shown = { ...window, items: await complaintsPage(app.db, query.status, { skip, limit: FOLLOWUPS_PER_PAGE }) };
  }
  const letterFor = (complaint: Complaint) =>
    complaint.response.contact?.email && !complaint.followup.emailed
      ? followupLetter(complaint, content.surveys.get(complaint.response.survey), content.site, content.products)
      : undefined;
  return { figures, page: { ...shown, items: shown.items.map((complaint) => ({ ...complaint, letter: letterFor(complaint) })) } };
}

/** An option's label in the owner's language; the value itself when the question has no such option. */
export const optionLabel = (question: Question, value: string, lang: Locale): string =>
  ('options' in question ? question.options.find((o) => o.value === value)?.label[lang] : undefined) ?? value;

/** One stored answer as the owner reads it: "4 / 5", "9 / 10", option labels, or the text itself. */
export function answerText(question: Question, value: AnswerValue, lang: Locale): string {
  const label = (choice: string) => optionLabel(question, choice, lang);
  if (question.kind === 'rating') return `${value} / 5`;
  if (question.kind === 'nps') return `${value} / 10`;
  if (Array.isArray(value)) return value.map(label).join(', ');
  return question.kind === 'single' ? label(String(value)) : String(value);
}

/** A response's answers in survey order, with each question's label; unknown ids (a question since removed) last, by id. */
export function labelledAnswers(survey: Survey | undefined, answers: Answers, lang: Locale): { question: string; answer: string; text: boolean }[] {
  const known = survey?.questions.filter((q) => answers[q.id] !== undefined) ?? [];
  const rest = Object.keys(answers).filter((id) => !known.some((q) => q.id === id));
  return [
    ...known.map((q) => ({ question: q.label[lang], answer: answerText(q, answers[q.id]!, lang), text: q.kind === 'short-text' || q.kind === 'long-text' })),
    ...rest.map((id) => ({ question: id, answer: String(answers[id]), text: true })),
  ];
}
