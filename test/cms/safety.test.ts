import { describe, expect, test } from 'vitest';
import { countAnswers, droppedAnsweredQuestions } from '../../src/cms/safety.ts';

describe('answers stored per question id (the editor warns before cutting them off)', () => {
  test('counts each answered question once per response, per survey', () => {
    const counts = countAnswers([
      { survey: 'feedback', answers: { overall: 5, nps: 9, liked: ['taste'] } },
      { survey: 'feedback', answers: { overall: 3, comment: 'Lovely' } },
      { survey: 'events', answers: { overall: 4 } },
    ]);
    expect(counts).toEqual({ feedback: { overall: 2, nps: 1, liked: 1, comment: 1 }, events: { overall: 1 } });
  });

  test('counts add to counts already made (a running rollup), which stay as they were', () => {
    const before = { feedback: { nps: 2 } };
    expect(countAnswers([{ survey: 'feedback', answers: { nps: 9, overall: 4 } }], before)).toEqual({ feedback: { nps: 3, overall: 1 } });
    expect(before).toEqual({ feedback: { nps: 2 } });
  });

  test('an empty answer (blank text, no option ticked) is not a stored answer', () => {
    expect(countAnswers([{ survey: 'feedback', answers: { comment: '', liked: [], nps: 0 } }])).toEqual({ feedback: { nps: 1 } });
  });

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
