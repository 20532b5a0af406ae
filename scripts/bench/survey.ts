import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { pageScripts } from '../../src/build/page-scripts.ts';
import { readSurveyCatalog } from '../../src/catalog/surveys.ts';
import { answersSchema } from '../../src/surveys/answers.ts';

const surveyPage = 'en/survey/feedback/index.html';

/** The script the survey page loads, from dist/ (built first when there is none). Target: at most 12 KB gzipped. */
function surveyScript(): void {
  if (!existsSync(`dist/${surveyPage}`)) execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { stdio: 'ignore', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
  const { files, gzip } = pageScripts('dist', surveyPage);
  const built = statSync(`dist/${surveyPage}`).mtime.toISOString().slice(0, 16).replace('T', ' ');
  console.log(`survey page script: ${(gzip / 1024).toFixed(1)} KB gzipped in ${files.length} files (target ≤ 12 KB; dist/ of ${built} UTC)`);
}

/** Surveys: the page's script and checking answers (recording them is timed by the scale bench, on the database). */
export default async function surveyBench(): Promise<void> {
  surveyScript();
  const catalog = readSurveyCatalog('feedback');
  if (!catalog) throw new Error('content/surveys/feedback.yaml is missing');
  const answers = { overall: '4', nps: '9', visit: 'beans', liked: ['taste', 'place'], drink: 'Cortado' };

  const started = performance.now();
  const schema = answersSchema(catalog.survey);
  for (let i = 0; i < 10_000; i++) schema.parse(answers);
  console.log(`10,000 answer checks: ${(performance.now() - started).toFixed(0)} ms`);
}
