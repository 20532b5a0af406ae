// Moved to src/surveys/ (answers.ts, rules.ts, scores.ts); kept for the modules not yet ported that import it from here.
export * from '../surveys/answers.ts';
export * from '../surveys/scores.ts';
