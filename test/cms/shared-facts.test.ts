import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { splitFrontmatter } from '../../src/catalog/frontmatter.ts';
import { alignSharedFacts } from '../../src/cms/shared-facts.ts';

/** House Blend as the editor opened it, in both languages. */
const opened = {
  en: readFileSync('content/products/en/house-blend.md', 'utf8'),
  es: readFileSync('content/products/es/house-blend.md', 'utf8'),
};
const path = (lang: string) => `content/products/${lang}/house-blend.md`;
const openedAt = (p: string) => (p === path('en') ? opened.en : p === path('es') ? opened.es : undefined);
const data = (raw: string) => splitFrontmatter(raw).frontmatter as { price: { amount: number }; order: number; steps: { image?: { src: string; alt: string } }[] };
const body = (raw: string) => splitFrontmatter(raw).body.trim();

/** The two files of a save after `edit` changed one language's text. */
const save = (edits: { en?: (text: string) => string; es?: (text: string) => string }, first: 'en' | 'es' = 'en', before = openedAt) => {
  const files = (['en', 'es'] as const).map((lang) => ({ path: path(lang), raw: (edits[lang] ?? ((t: string) => t))(opened[lang]) }));
  const result = alignSharedFacts(files, before, first);
  return { ...result, en: result.files[0]!.raw, es: result.files[1]!.raw };
};

describe('alignSharedFacts(): the facts every language shares are one value in every file saved', () => {
  test('a price set in the left pane reaches the Spanish file, which keeps its own texts and body', () => {
    const { en, es, problems } = save({ en: (text) => text.replace('amount: 12,', 'amount: 13.5,') });
    expect(problems).toEqual([]);
    expect([data(en).price.amount, data(es).price.amount]).toEqual([13.5, 13.5]);
    expect((data(es) as unknown as { name: string }).name).toBe('Mezcla de la Casa');
    expect(body(es)).toBe(body(opened.es));
  });

  test('a step\'s picture changed in the Spanish pane (Decap cannot show it read-only inside a list) reaches the English file', () => {
    const { en, es, problems } = save({ es: (text) => text.replace('src: ../../../src/assets/products/step-grind.jpg', 'src: ../../../src/assets/products/step-new.jpg') });
    expect(problems).toEqual([]);
    expect([data(en).steps[1]!.image!.src, data(es).steps[1]!.image!.src]).toEqual(['../../../src/assets/products/step-new.jpg', '../../../src/assets/products/step-new.jpg']);
    // Each language keeps its own description of the picture.
    expect(data(en).steps[1]!.image!.alt).toMatch(/^A burr grinder/);
    expect(data(es).steps[1]!.image!.alt).toMatch(/^Un molinillo/);
  });

  test('two panes that changed one fact to different values are refused, naming both values in English and Spanish', () => {
    const { problems } = save({ en: (text) => text.replace(/^order: 1$/m, 'order: 2'), es: (text) => text.replace(/^order: 1$/m, 'order: 5') });
    expect(problems).toEqual([
      'content/products/es/house-blend.md: Español — order: 5 here but 2 in English: it is one value for every language, so set it in one pane only / 5 aquí pero 2 en English: es un solo valor para todos los idiomas; póngalo en un solo panel',
    ]);
  });

  test('files that disagreed already (a hand edit) take the left pane\'s value, which the other pane showed', () => {
    const handEdited = (p: string) => (p === path('es') ? opened.es.replace('amount: 12,', 'amount: 11,') : openedAt(p));
    const { en, es, problems } = save({ es: (text) => text.replace('amount: 12,', 'amount: 11,') }, 'en', handEdited);
    expect(problems).toEqual([]);
    expect([data(en).price.amount, data(es).price.amount]).toEqual([12, 12]);
    // With Spanish on the left, Spanish wins.
    const spanishFirst = save({ es: (text) => text.replace('amount: 12,', 'amount: 11,') }, 'es', handEdited);
    expect([data(spanishFirst.en).price.amount, data(spanishFirst.es).price.amount]).toEqual([11, 11]);
  });

  test('a new entry: a picture chosen in one pane only is given to the other', () => {
    const noStepPicture = (text: string) => text.replace(/\n {4}image: \{ src: \.\.\/\.\.\/\.\.\/src\/assets\/products\/step-weigh\.jpg, alt: "[^"]*" \}/, '\n    image: { alt: "Una báscula" }');
    const { es, problems } = save({ es: noStepPicture }, 'en', () => undefined);
    expect(problems).toEqual([]);
    expect(data(es).steps[0]!.image).toEqual({ src: '../../../src/assets/products/step-weigh.jpg', alt: 'Una báscula' });
  });

  test('a list with an item more in one language is for the owner to mend: refused, with both counts', () => {
    const { problems } = save({ es: (text) => text.replace(/^steps:\n/m, 'steps:\n  - title: "Abra la bolsa"\n    text: "Con cuidado."\n') });
    expect(problems).toEqual([
      'content/products/es/house-blend.md: Español — steps: 5 items here but 4 in English: add or remove the item in every language / 5 elementos aquí pero 4 en English: añada o quite el elemento en todos los idiomas',
    ]);
  });

  test('files of other collections pass untouched', () => {
    const survey = { path: 'content/surveys/feedback.yaml', raw: readFileSync('content/surveys/feedback.yaml', 'utf8') };
    expect(alignSharedFacts([survey], () => undefined, 'en')).toEqual({ files: [survey], problems: [] });
  });
});
