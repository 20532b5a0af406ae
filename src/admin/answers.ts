import type { Question, Survey } from '../catalog/survey.ts';
import type { AnswerValue, Answers } from '../surveys/answers.ts';
import type { Locale } from '../i18n/locales.ts';

/** One stored answer as the owner reads it: "4 / 5", "9 / 10", option labels, or the text itself. */
export function answerText(question: Question, value: AnswerValue, lang: Locale): string {
  const label = (choice: string) => ('options' in question ? (question.options.find((o) => o.value === choice)?.label[lang] ?? choice) : choice);
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
