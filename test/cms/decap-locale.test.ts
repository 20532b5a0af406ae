import en from 'decap-cms-locales/dist/esm/en/index.js';
import es from 'decap-cms-locales/dist/esm/es/index.js';
import { expect, test } from 'vitest';
import { decapSpanish, withPhrases } from '../../src/cms/client/decap-es.ts';

type Phrases = { [key: string]: string | Phrases };
const keys = (phrases: Phrases, prefix = ''): string[] =>
  Object.entries(phrases).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`)));

test('Decap\'s own interface has a Spanish phrase for every English one (Vuelve adds those its Spanish locale lacks)', () => {
  const spanish = withPhrases(es, decapSpanish);
  expect(keys(en).filter((key) => !keys(spanish).includes(key))).toEqual([]);
  // Decap's own Spanish phrases stay as they are; Vuelve's only fill the gaps.
  expect(keys(decapSpanish).filter((key) => keys(es).includes(key))).toEqual([]);
  expect((spanish.editor as Phrases)['editorControlPane']).toMatchObject({ i18n: { writingInLocale: 'Escribiendo en %{locale}' } });
});
