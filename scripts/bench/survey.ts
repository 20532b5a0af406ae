import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/app.ts';
import { pageScripts } from '../../src/build/page-scripts.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { answersSchema } from '../../src/domain/survey.ts';
import { recordResponse } from '../../src/services/record-response.ts';
import { listResponses } from '../../src/services/responses.ts';

const surveyPage = 'en/survey/feedback/index.html';

/** The script the survey page loads, from dist/ (built first when there is none). Target: at most 12 KB gzipped. */
function surveyScript(): void {
  if (!existsSync(`dist/${surveyPage}`)) execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const { files, gzip } = pageScripts('dist', surveyPage);
  const built = statSync(`dist/${surveyPage}`).mtime.toISOString().slice(0, 16).replace('T', ' ');
  console.log(`survey page script: ${(gzip / 1024).toFixed(1)} KB gzipped in ${files.length} files (target ≤ 12 KB; dist/ of ${built} UTC)`);
}

/** Surveys: the page's script, checking answers, recording responses one after another, and a month's listing for the dashboard. */
export default async function surveyBench(): Promise<void> {
  surveyScript();
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
