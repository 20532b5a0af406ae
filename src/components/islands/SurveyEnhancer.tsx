import { useEffect, useRef, useState } from 'preact/hooks';
import { answerProblems, unflatten, visibleQuestions, type AnswerErrorCode, type SurveyRules } from '../../surveys/rules.ts';
import { formToObject } from '../../http/body.ts';
import type { Locale } from '../../i18n/locales.ts';

/**
 * Enhances the survey form (which works without it): inline checks by the function's rules without zod (which
 * would outweigh the page's script), progress, conditional questions, and a localStorage send queue that retries
 * answers given on a weak connection until they arrive.
 */
export interface SurveyStrings {
  progress: string;
  sending: string;
  queued: string;
  retry: string;
  rateLimited: string;
  errors: Record<AnswerErrorCode, string>;
}

interface Props {
  formId: string;
  survey: string;
  locale: Locale;
  rules: SurveyRules;
  strings: SurveyStrings;
}

interface Pending {
  key: string;
  payload: { survey: string; locale: Locale; at: string; product: string; website: string; answers: Record<string, unknown> };
}

const QUEUE = 'vuelve:survey-queue';
const draftKey = (survey: string) => `vuelve:survey-draft:${survey}`;
const RETRY_MS = 20_000;
// Fields the visitor does not answer: never part of a draft.
const meta = new Set(['survey', 'locale', 'at', 'product', 'website']);

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // private modes may refuse storage: the form still sends, just without the safety net
  }
}
const readQueue = (): Pending[] => {
  try {
    return JSON.parse(storage()?.getItem(QUEUE) ?? '[]') as Pending[];
  } catch {
    return [];
  }
};
const writeQueue = (queue: Pending[]) => storage()?.setItem(QUEUE, JSON.stringify(queue));

const isBlank = (value: unknown) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

export default function SurveyEnhancer({ formId, survey, locale, rules, strings }: Props) {
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [message, setMessage] = useState('');
  const [queued, setQueued] = useState(false);
  const flushRef = useRef<() => Promise<void>>(async () => undefined);

  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null;
    if (!form) return;
    // From here on the island checks the answers, in the page's language.
    form.noValidate = true;
    const touched = new Set<string>();
    const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement | RadioNodeList | null;

    // The printed code's location and product are in the page's address.
    const params = new URLSearchParams(location.search);
    for (const name of ['at', 'product']) {
      const input = control(name);
      if (input instanceof HTMLInputElement && params.get(name)) input.value = params.get(name)!;
    }

    const fields = () => formToObject(new FormData(form));
    const answersOf = (flat: Record<string, unknown>) => (unflatten(flat).answers ?? {}) as Record<string, unknown>;

    function restoreDraft() {
      let draft: Record<string, string | string[]> = {};
      try {
        draft = JSON.parse(storage()?.getItem(draftKey(survey)) ?? '{}') as Record<string, string | string[]>;
      } catch {
        return;
      }
      for (const [name, value] of Object.entries(draft)) {
        const values = [value].flat();
        for (const element of Array.from(form!.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(`[name="${CSS.escape(name)}"]`))) {
          if (element instanceof HTMLInputElement && (element.type === 'radio' || element.type === 'checkbox')) element.checked = values.includes(element.value);
          else element.value = values[0] ?? '';
        }
      }
    }

    function showErrors(errors: Record<string, string>) {
      for (const slot of Array.from(form!.querySelectorAll<HTMLElement>('[data-error-for]'))) {
        const name = slot.dataset.errorFor!;
        const text = errors[name];
        slot.textContent = text ?? '';
        slot.hidden = !text;
        for (const input of Array.from(form!.querySelectorAll<HTMLElement>(`[name="${CSS.escape(name)}"]`))) {
          if (text) input.setAttribute('aria-invalid', 'true');
          else input.removeAttribute('aria-invalid');
        }
      }
    }

    /** Hides questions whose conditions do not hold, counts progress, checks answers; returns whether they are valid. */
    function refresh(showAll: boolean): boolean {
      const shown = new Set(visibleQuestions(rules, answersOf(fields())).map((q) => q.id));
      for (const block of Array.from(form!.querySelectorAll<HTMLElement>('[data-q]'))) {
        const hidden = !shown.has(block.dataset.q!);
        block.hidden = hidden;
        // Disabled controls are not sent, so a stale answer to a hidden question never arrives.
        for (const input of Array.from(block.querySelectorAll<HTMLInputElement>('input, textarea'))) input.disabled = hidden;
        // Contact details only once the customer agrees to be contacted (without script they are always there).
        const details = block.querySelector<HTMLElement>('[data-contact-details]');
        const consent = block.querySelector<HTMLInputElement>('input[name$=".consent"]');
        if (details && consent) {
          details.hidden = hidden || !consent.checked;
          for (const input of Array.from(details.querySelectorAll<HTMLInputElement>('input'))) input.disabled = details.hidden;
        }
      }
      const flat = fields();
      const answers = answersOf(flat);
      const counted = rules.questions.filter((q) => shown.has(q.id) && q.kind !== 'contact');
      setProgress({ done: counted.filter((q) => !isBlank(answers[q.id])).length, total: counted.length });
      const draft = Object.fromEntries(Object.entries(flat).filter(([name]) => !meta.has(name)));
      storage()?.setItem(draftKey(survey), JSON.stringify(draft));

      // Field names are the answers' paths: `nps` → `answers.nps`, `contact.email` → `answers.contact.email`.
      const problems = Object.entries(answerProblems(rules, answers));
      const errors: Record<string, string> = {};
      for (const [path, { code, max }] of problems) {
        const name = `answers.${path}`;
        if (showAll || touched.has(name)) errors[name] = strings.errors[code].replace('{max}', String(max ?? ''));
      }
      showErrors(errors);
      return problems.length === 0;
    }

    async function send(item: Pending, current: boolean): Promise<'done' | 'keep' | 'soon'> {
      let response: Response;
      try {
        // The key goes with every try: an answer lost on the way back means a retry, which is stored once.
        response = await fetch('/api/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...item.payload, key: item.key }) });
      } catch {
        return 'keep'; // offline or the connection dropped
      }
      if (response.status === 201) {
        const body = (await response.json()) as { thanks: string };
        if (current) {
          storage()?.removeItem(draftKey(survey));
          location.assign(body.thanks);
        }
        return 'done';
      }
      if (response.status === 400) {
        const body = (await response.json().catch(() => ({}))) as { error?: string; fields?: Record<string, string[]> };
        // The function just gave a fresh start time: send again in a moment.
        if (body.error === 'too-fast') return 'soon';
        if (current && body.fields) showErrors(Object.fromEntries(Object.entries(body.fields).map(([name, list]) => [name, list.join(' ')])));
        return 'done'; // it will never be accepted as it is
      }
      if (response.status === 429) {
        if (current) setMessage(strings.rateLimited);
        return 'keep';
      }
      return response.status >= 500 ? 'keep' : 'done';
    }

    let currentKey: string | undefined;
    let flushing = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    async function flush() {
      if (flushing) return;
      flushing = true;
      clearTimeout(timer);
      let soon = false;
      try {
        for (const item of readQueue()) {
          const current = item.key === currentKey;
          if (current) setMessage(strings.sending);
          const outcome = await send(item, current);
          if (outcome === 'done') writeQueue(readQueue().filter((other) => other.key !== item.key));
          soon ||= outcome === 'soon';
        }
      } finally {
        flushing = false;
      }
      const left = readQueue();
      const mine = left.some((item) => item.key === currentKey);
      setQueued(mine && !soon);
      if (mine && !soon) setMessage(strings.queued);
      else if (currentKey && !mine) setMessage('');
      if (left.length > 0) timer = setTimeout(() => void flush(), soon ? 3_500 : RETRY_MS);
    }
    flushRef.current = flush;

    const onEdit = (event: Event) => {
      const target = event.target as HTMLInputElement;
      if (target.name) touched.add(target.name);
      refresh(false);
    };
    const onSubmit = (event: SubmitEvent) => {
      event.preventDefault();
      if (!refresh(true)) {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      const flat = fields();
      currentKey = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
      const value = (name: string) => (typeof flat[name] === 'string' ? (flat[name] as string) : '');
      const payload = { survey, locale, at: value('at'), product: value('product'), website: value('website'), answers: answersOf(flat) };
      // Queued before the first try, so closing the tab or losing the signal loses nothing.
      writeQueue([...readQueue(), { key: currentKey, payload }]);
      void flush();
    };
    const onOnline = () => void flush();

    restoreDraft();
    refresh(false);
    form.addEventListener('input', onEdit);
    form.addEventListener('change', onEdit);
    form.addEventListener('submit', onSubmit);
    window.addEventListener('online', onOnline);
    void flush(); // answers queued on an earlier visit
    return () => {
      form.removeEventListener('input', onEdit);
      form.removeEventListener('change', onEdit);
      form.removeEventListener('submit', onSubmit);
      window.removeEventListener('online', onOnline);
      clearTimeout(timer);
    };
  }, []);

  const label = strings.progress.replace('{done}', String(progress.done)).replace('{total}', String(progress.total));
  return (
    <div class="survey-status">
      {progress.total > 0 && (
        <div class="survey-progress">
          <progress max={progress.total} value={progress.done} aria-label={label} />
          <span aria-hidden="true">{label}</span>
        </div>
      )}
      <p role="status" aria-live="polite" class="survey-message" hidden={!message}>{message}</p>
      {queued && <button type="button" class="secondary" onClick={() => void flushRef.current()}>{strings.retry}</button>}
    </div>
  );
}
