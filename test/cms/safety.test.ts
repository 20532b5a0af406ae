import { describe, expect, test } from 'vitest';
import { droppedAnsweredQuestions } from '../../src/cms/safety.ts';

describe('answers stored per question id (the editor warns before cutting them off)', () => {
  test('a question renamed or removed is reported with its count, most answered first; kept ones are not', () => {
    const counts = { feedback: { overall: 2, nps: 7, comment: 3 } };
    expect(droppedAnsweredQuestions(counts, 'feedback', ['overall', 'score'])).toEqual([
      { id: 'nps', answers: 7 },
      { id: 'comment', answers: 3 },
    ]);
    expect(droppedAnsweredQuestions(counts, 'feedback', ['overall', 'nps', 'comment', 'new-one'])).toEqual([]);
  });

  test('a survey with no answers yet (or another survey\'s answers) never warns', () => {
    expect(droppedAnsweredQuestions({ feedback: { nps: 7 } }, 'events', [])).toEqual([]);
  });
});
