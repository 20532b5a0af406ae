/** Question ids are stored with every answer, so the editor asks before a save renames or removes an answered one. */

/** Answers stored per survey and question id: `{ feedback: { nps: 120, overall: 118 } }`. */
export type AnswerCounts = Record<string, Record<string, number>>;

/** Counts of stored answers per survey and question, from responses' `answers` objects, added to `counts` (a copy). */
export function countAnswers(responses: Iterable<{ survey: string; answers: Record<string, unknown> }>, counted: AnswerCounts = {}): AnswerCounts {
  const counts = structuredClone(counted);
  for (const response of responses) {
    const survey = (counts[response.survey] ??= {});
    for (const [question, value] of Object.entries(response.answers)) {
      if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
      survey[question] = (survey[question] ?? 0) + 1;
    }
  }
  return counts;
}

/**
 * Question ids with stored answers that a survey, as about to be saved, no longer has
 * (renamed or deleted), with their answer counts, most answered first.
 * @example droppedAnsweredQuestions({ feedback: { nps: 3 } }, 'feedback', ['overall']) → [{ id: 'nps', answers: 3 }]
 */
export function droppedAnsweredQuestions(counts: AnswerCounts, survey: string, questionIds: readonly string[]): { id: string; answers: number }[] {
  const kept = new Set(questionIds);
  return Object.entries(counts[survey] ?? {})
    .filter(([id, answers]) => answers > 0 && !kept.has(id))
    .map(([id, answers]) => ({ id, answers }))
    .sort((a, b) => b.answers - a.answers || a.id.localeCompare(b.id));
}
