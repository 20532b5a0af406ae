/** Question ids are stored with every answer, so the editor asks before a save renames or removes an answered one. */

/** Answers stored per survey and question id: `{ feedback: { nps: 120, overall: 118 } }`. */
export type AnswerCounts = Record<string, Record<string, number>>;

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
