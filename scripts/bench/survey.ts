import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { answersSchema } from '../../src/domain/survey.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { listResponses } from '../../src/services/responses.ts';

/** Surveys: checking answers, recording responses one after another, and a month's listing for the dashboard. */
export default async function surveyBench(): Promise<void> {
  const catalog = readSurveyCatalog('feedback');
  if (!catalog) throw new Error('content/surveys/feedback.yaml is missing');
  const answers = { overall: '4', nps: '9', visit: 'beans', liked: ['taste', 'place'], drink: 'Cortado' };

  let started = performance.now();
  const schema = answersSchema(catalog.survey);
  for (let i = 0; i < 10_000; i++) schema.parse(answers);
  console.log(`10,000 answer checks: ${(performance.now() - started).toFixed(0)} ms`);

  const app = createApp({ DATA_DIR: await mkdtemp(join(tmpdir(), 'vuelve-bench-')), STORE: 'file', SESSION_SECRET: 'bench' });
  const context = { client: 'bench', started: new Date(Date.now() - 60_000) };
  started = performance.now();
  for (let i = 0; i < 200; i++) {
    // A new client every 20 responses keeps the flood limit out of the figure.
    await recordResponse(app, catalog, { survey: 'feedback', locale: 'en', at: 'counter', answers }, { ...context, client: `bench-${Math.floor(i / 20)}` });
  }
  const wrote = performance.now() - started;
  started = performance.now();
  const listed = await listResponses(app);
  console.log(`200 responses recorded one by one: ${wrote.toFixed(0)} ms (${(wrote / 200).toFixed(1)} ms each); listing ${listed.length}: ${(performance.now() - started).toFixed(0)} ms`);
}
