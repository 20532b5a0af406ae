import type { Survey } from '../../catalog/survey.ts';
import type { Answers } from '../../surveys/answers.ts';
import type { Locale } from '../../i18n/locales.ts';

/** A response's answers as label/value lines in one language, for emails and the dashboard. */
export function answerLines(survey: Survey, locale: Locale, answers: Answers): { question: string; answer: string }[] {
  return survey.questions.flatMap((question) => {
    const value = answers[question.id];
    if (value === undefined || question.kind === 'contact') return [];
    const optionLabel = (picked: string) =>
      ('options' in question ? question.options.find((option) => option.value === picked)?.label[locale] : undefined) ?? picked;
    const answer =
      question.kind === 'rating' ? `${String(value)} / 5`
      : question.kind === 'nps' ? `${String(value)} / 10`
      : Array.isArray(value) ? value.map(optionLabel).join(', ')
      : typeof value === 'string' ? optionLabel(value)
      : String(value);
    return [{ question: question.label[locale], answer }];
  });
}
