import { parse as parseYaml } from 'yaml';
import type { Locale } from '../../i18n/locales.ts';
import { droppedAnsweredQuestions, type AnswerCounts } from '../safety.ts';
import { vuelveBackend, type DataFile } from './backend.ts';
import { decapSpanish, withPhrases } from './decap-es.ts';
import { previewTemplates, type PreviewStrings } from './previews.ts';

/** Starts Decap CMS on /admin/content/: its bundle waits (`CMS_MANUAL_INIT`) until this has registered Vuelve's parts. */

type Phrases = Parameters<typeof withPhrases>[0];
interface DecapCms {
  init(options: { config: unknown }): void;
  getBackend(name: string): { init: (...args: unknown[]) => object } | undefined;
  registerPreviewTemplate(name: string, component: unknown): void;
  registerPreviewStyle(style: string, options?: { raw: boolean }): void;
  registerLocale(locale: string, phrases: Phrases): void;
  getLocale(locale: string): Phrases | undefined;
  registerEventListener(listener: { name: 'postSave' | 'preSave'; handler: () => unknown }): void;
}
/** A React class component as create-react-class (a global of Decap's bundle) makes it. */
interface ClassSpec {
  componentDidMount?(this: { props: Record<string, unknown> }): void;
  render(this: { props: Record<string, unknown> }): unknown;
}
declare global {
  interface Window {
    CMS: DecapCms;
    h: (type: string, props?: Record<string, unknown> | null, ...children: unknown[]) => unknown;
    createClass: (spec: ClassSpec) => unknown;
  }
}

const root = document.getElementById('vuelve-cms')!;
const settings = JSON.parse(root.dataset.settings ?? '{}') as {
  config: string;
  answers: string;
  styles: string[];
  rootStyle: string;
  strings: PreviewStrings;
  /** The dashboard's sign-in page, with this page to come back to. */
  signIn: string;
  messages: { answered: string; cancelled: string; signingIn: string; publishedLocal: string; publishedOnline: string; close: string };
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

/**
 * Under `npm start` the local file API sits behind the dashboard's session, like this page: instead of Decap's
 * "Login" button, check that session and go straight in (or back to the dashboard's sign-in if it has ended).
 */
const signedInAlready = (api: () => string) =>
  window.createClass({
    componentDidMount() {
      const onLogin = this.props.onLogin as (state: object) => void;
      void fetch(api(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'info' }) }).then(
        (response) => (response.ok ? onLogin({}) : location.assign(settings.signIn)),
        () => location.assign(settings.signIn),
      );
    },
    render() {
      return window.h('p', { role: 'status', className: 'vuelve-signing-in' }, settings.messages.signingIn);
    },
  });

/** "Published", in the editor's language, and where the change can be seen: until closed, or the next save. */
function showPublished(text: string): void {
  document.getElementById('vuelve-published')?.remove();
  const notice = document.createElement('div');
  notice.id = 'vuelve-published';
  notice.setAttribute('role', 'status');
  const message = document.createElement('p');
  message.textContent = text;
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = '×';
  close.setAttribute('aria-label', settings.messages.close);
  close.addEventListener('click', () => notice.remove());
  notice.append(message, close);
  document.body.append(notice);
}

/** Which backend Decap started: the local file API (`proxy`, under npm start) or GitHub. */
let started: 'proxy' | 'github' | undefined;
let firstLocale: Locale | undefined;
let localApi = '';

const cms = window.CMS;
for (const name of ['proxy', 'github'] as const) {
  const backend = cms.getBackend(name);
  if (!backend) continue;
  const init = backend.init;
  backend.init = (...args) => {
    started = name;
    return vuelveBackend(init(...args), {
      beforeSave: confirmSurveyChanges,
      ...(firstLocale && { firstLocale }),
      ...(name === 'proxy' && { authComponent: signedInAlready(() => localApi) }),
    });
  };
}
for (const style of settings.styles) cms.registerPreviewStyle(style);
cms.registerPreviewStyle(settings.rootStyle, { raw: true });
for (const [collection, template] of Object.entries(previewTemplates(window.h, settings.strings))) cms.registerPreviewTemplate(collection, template);
// Decap's Spanish, completed; and in both languages a plain "+" on the new-entry button (Decap's full-width "＋"
// is missing from common Linux fonts, which show an empty box instead).
const plainPlus = { collection: { collectionTop: { newButton: '+ %{collectionLabel}' } } };
cms.registerLocale('en', withPhrases(plainPlus, cms.getLocale('en') ?? {}));
cms.registerLocale('es', withPhrases(plainPlus, withPhrases(cms.getLocale('es') ?? {}, decapSpanish)));
cms.registerEventListener({ name: 'preSave', handler: () => void document.getElementById('vuelve-published')?.remove() });
cms.registerEventListener({ name: 'postSave', handler: () => showPublished(started === 'proxy' ? settings.messages.publishedLocal : settings.messages.publishedOnline) });

/**
 * Under `npm start`, a save rewrites content/ and the dev server reloads every open page, which would throw the
 * editor away: Vite awaits `vite:beforeFullReload` listeners before reloading, so one that never settles keeps it.
 */
if (import.meta.hot) import.meta.hot.on('vite:beforeFullReload', () => new Promise<never>(() => undefined));

void fetch(settings.config)
  .then((r) => r.json() as Promise<{ local_backend?: { url: string }; i18n?: { default_locale: Locale }; display_url?: string }>)
  .then((config) => {
    // Decap wants an absolute address for the local API.
    if (config.local_backend) localApi = config.local_backend.url = new URL(config.local_backend.url, location.href).href;
    firstLocale = config.i18n?.default_locale;
    // Decap links to the site beside the account menu, showing its address: the shop's own, not "/".
    config.display_url = location.origin;
    cms.init({ config });
  });
