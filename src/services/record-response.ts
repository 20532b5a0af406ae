import type { App } from '../app.ts';
import type { SurveyCatalog } from '../catalog/surveys.ts';
import { alertOwner, checkSubmission, type Refusal, type Submission } from '../surveys/record-response.ts';
import { newRecordId } from './records.ts';
import { indexPerson } from './person-index.ts';
import { saveFollowup, saveResponse, updateFollowupRecord, type Followup, type SurveyResponse } from './responses.ts';

// The document store's way of recording a response, left for the modules not yet ported (the privacy search,
// the people rollup, the bench) and their tests; the kit records responses with src/surveys/record-response.ts.
export type { Submission } from '../surveys/record-response.ts';

export type RecordResult = { ok: true; response: SurveyResponse; followup: Followup | undefined; alerted: boolean } | Refusal;

/** Checks a survey post as src/surveys/ does, then stores it in the document store. */
export async function recordResponse(app: App, catalog: SurveyCatalog, submission: Submission, context: { client: string; started: Date | undefined }): Promise<RecordResult> {
  const checked = await checkSubmission(app, catalog, submission, context);
  if (!checked.ok) return checked;
  const now = app.now();
  const { answers, contact, location, product, reasons } = checked;
  const response: SurveyResponse = {
    id: newRecordId(now), survey: catalog.id, locale: submission.locale, location, product, answers,
    submittedAt: now.toISOString(), complaint: reasons.length > 0, ...(contact ? { contact } : {}),
  };
  await saveResponse(app, response);
  await indexPerson(app, 'response', response);
  if (!response.complaint) return { ok: true, response, followup: undefined, alerted: false };
  const followup: Followup = {
    id: response.id, responseId: response.id, survey: response.survey, locale: response.locale, location, product, reasons,
    ...(contact ? { contact } : {}), status: 'open', notes: [], createdAt: response.submittedAt, contactedAt: null, resolvedAt: null, emailedAt: null,
  };
  await saveFollowup(app, followup);
  await indexPerson(app, 'followup', followup);
  const alerted = await alertOwner(app, catalog, { id: response.id, answers, reasons, location, product, contact, submittedAt: now });
  if (!alerted.ok) {
    followup.alertError = alerted.error.message;
    await updateFollowupRecord(app, followup.id, (stored) => void (stored.alertError = alerted.error.message));
  }
  return { ok: true, response, followup, alerted: alerted.ok };
}
