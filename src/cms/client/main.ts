import { parse as parseYaml } from 'yaml';
import type { Locale } from '../../i18n/locales.ts';
import { droppedAnsweredQuestions, type AnswerCounts } from '../safety.ts';
import { vuelveBackend, type DataFile } from './backend.ts';
import { decapSpanish, withPhrases } from './decap-es.ts';
import { previewTemplates, type PreviewStrings } from './previews.ts';

/**
 * Starts Decap CMS on /admin/content/ (src/pages/admin/content/index.astro): its
 * bundle is loaded first and waits (`CMS_MANUAL_INIT`); this registers Vuelve's
 * backend wrapper, save checks and previews, then starts it with the generated
 * configuration.
 */

type Phrases = Parameters<typeof withPhrases>[0];
interface DecapCms {
  init(options: { config: unknown }): void;
  getBackend(name: string): { init: (...args: unknown[]) => object } | undefined;
  registerPreviewTemplate(name: string, component: unknown): void;
  registerPreviewStyle(style: string, options?: { raw: boolean }): void;
  registerLocale(locale: string, phrases: Phrases): void;
  getLocale(locale: string): Phrases | undefined;
}
declare global {
  interface Window {
    CMS: DecapCms;
    h: (type: string, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
  }
}

const root = document.getElementById('vuelve-cms')!;
const settings = JSON.parse(root.dataset.settings ?? '{}') as {
  config: string;
  answers: string;
  styles: string[];
  rootStyle: string;
  strings: PreviewStrings;
  messages: { answered: string; cancelled: string };
};

/** Asks before a save would cut stored answers off from their question (README: question ids never change). */
async function confirmSurveyChanges(files: DataFile[]): Promise<void> {
  const surveys = files.filter((file) => /^content\/surveys\/[^/]+\.yaml$/.test(file.path));
  if (surveys.length === 0) return;
  const counts = ((await fetch(settings.answers).then((r) => (r.ok ? r.json() : { surveys: {} }))) as { surveys: AnswerCounts }).surveys;
  for (const file of surveys) {
    const id = file.path.replace(/^.*\/|\.yaml$/g, '');
    const questions = ((parseYaml(file.raw) as { questions?: { id: string }[] }).questions ?? []).map((q) => q.id);
    const dropped = droppedAnsweredQuestions(counts, id, questions);
    if (dropped.length === 0) continue;
    const lines = dropped.map((q) => `• ${q.id}: ${q.answers}`).join('\n');
    if (!window.confirm(settings.messages.answered.replace('{survey}', id).replace('{questions}', lines))) throw new Error(settings.messages.cancelled);
  }
}

/** The editor's left pane language (the configuration's `default_locale`), known once the configuration is read. */
let firstLocale: Locale | undefined;

const cms = window.CMS;
for (const name of ['proxy', 'github']) {
  const backend = cms.getBackend(name);
  if (!backend) continue;
  const init = backend.init;
  backend.init = (...args) => vuelveBackend(init(...args), { beforeSave: confirmSurveyChanges, ...(firstLocale && { firstLocale }) });
}
for (const style of settings.styles) cms.registerPreviewStyle(style);
cms.registerPreviewStyle(settings.rootStyle, { raw: true });
for (const [collection, template] of Object.entries(previewTemplates(window.h, settings.strings))) cms.registerPreviewTemplate(collection, template);
// Decap's Spanish, completed; and in both languages a plain "+" on the new-entry button (Decap's full-width "＋"
// is missing from common Linux fonts, which show an empty box instead).
const plainPlus = { collection: { collectionTop: { newButton: '+ %{collectionLabel}' } } };
cms.registerLocale('en', withPhrases(plainPlus, cms.getLocale('en') ?? {}));
cms.registerLocale('es', withPhrases(plainPlus, withPhrases(cms.getLocale('es') ?? {}, decapSpanish)));

void fetch(settings.config)
  .then((r) => r.json() as Promise<{ local_backend?: { url: string }; i18n?: { default_locale: Locale }; display_url?: string }>)
  .then((config) => {
    // Decap wants an absolute address for the local API.
    if (config.local_backend) config.local_backend.url = new URL(config.local_backend.url, location.href).href;
    firstLocale = config.i18n?.default_locale;
    // Decap links to the site beside the account menu, showing its address: the shop's own, not "/".
    config.display_url = location.origin;
    cms.init({ config });
  });
