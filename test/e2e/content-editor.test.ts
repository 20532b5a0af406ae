import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, utimesSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { compileContent } from '../../src/catalog/compile.ts';
import { splitFrontmatter } from '../../src/catalog/frontmatter.ts';
import { insertResponse } from '../../src/surveys/queries.ts';
import { severeViolations } from './setup/axe.ts';
import { launchBrowser, resultsDir } from './setup/browser.ts';

/**
 * The content editor driven as the owner drives it: clicks and typing in Decap's
 * own interface at /admin/content/, saving through the file API into a temporary
 * copy of content/ (CMS_LOCAL_ROOT = the `cmsRoot` of the e2e setup).
 */

const baseUrl = inject('baseUrl');
const dataDir = inject('dataDir');
const cmsRoot = inject('cmsRoot');
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** What the editor asked through `window.confirm` (always answered no). */
const asked: string[] = [];

const file = (path: string) => readFileSync(join(cmsRoot, path), 'utf8');
const original = (path: string) => readFileSync(path, 'utf8');
const markdown = (raw: string) => {
  const { frontmatter, body } = splitFrontmatter(raw);
  return { data: frontmatter as Record<string, unknown>, body: body.trim() };
};
const yaml = (raw: string) => parseYaml(raw) as Record<string, unknown>;

beforeAll(async () => {
  // Stored answers to the feedback survey, so renaming one of its question ids has something to lose.
  const app = createApp({ DATA_DIR: dataDir, NETLIFY_DB_URL: inject('databaseUrl') });
  await insertResponse(app.db, { survey: 'feedback', locale: 'en', location: null, product: null, answers: { overall: 5, nps: 9, visit: 'beans' }, submittedAt: new Date(), reasons: [], contact: undefined, idempotencyKey: undefined });
  await app.db.close();
  browser = await launchBrowser();
  // bypassCSP lets axe be injected into the previews (test/e2e/security-headers.test.ts checks this page's CSP).
  context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1400, height: 1000 }, bypassCSP: true });
  // Decap re-renders the whole form on each change: on a busy machine a long survey takes a while.
  context.setDefaultTimeout(120_000);
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    // Decap's own "leave with unsaved changes?" is answered yes: leaveEntry() discards on purpose.
    if (/leave this page/.test(dialog.message())) return void dialog.accept();
    asked.push(dialog.message());
    void dialog.dismiss();
  });
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in to the dashboard on the editor's own address: the editor opens with no second sign-in. */
async function openEditor(): Promise<void> {
  expect((await page.goto(`${baseUrl}/admin/content/`))?.status()).toBe(401);
  await page.fill('#password', 'admin');
  await page.click('button[type=submit]');
  await page.getByRole('link', { name: 'Products' }).first().waitFor({ timeout: 60_000 });
}

/** Opens an entry from the collection list by clicking, as the owner does. */
async function openEntry(collection: string, title: string): Promise<void> {
  await page.getByRole('link', { name: collection, exact: true }).first().click();
  await page.getByRole('link', { name: title }).first().click();
  await page.getByRole('button', { name: /^(Publish|Published)$/ }).first().waitFor();
}

/** Publish → Publish now; resolves when Decap shows the entry as saved (the button turns to "Published") and Vuelve says so. */
async function publish(): Promise<void> {
  await page.getByRole('button', { name: /^Publish$/ }).click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
  await page.getByRole('button', { name: /^Published$/ }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Published: saved in both languages' }).waitFor();
}

/** Publish → Publish now on a save that must be refused; resolves with the refusal Decap shows. */
async function publishRefused(): Promise<string> {
  // An earlier refusal's notice may still be on screen: only a new one answers this save.
  const refusals = page.getByText(/Failed to persist entry/);
  const before = await refusals.allInnerTexts();
  const fresh = async () => {
    const now = await refusals.allInnerTexts();
    for (const text of before) if (now.includes(text)) now.splice(now.indexOf(text), 1);
    return now;
  };
  await page.getByRole('button', { name: /^Publish$/ }).click();
  await page.getByRole('menuitem', { name: 'Publish now' }).click();
  await expect.poll(async () => (await fresh()).length, { timeout: 120_000 }).toBeGreaterThan(0);
  const [text] = await fresh();
  await page.getByRole('button', { name: /^Publish$/ }).waitFor();
  return text!;
}

/** Leaves the entry through Decap's back arrow, discarding unsaved changes (nothing to do when no entry is open). */
async function leaveEntry(): Promise<void> {
  const back = page.getByRole('link', { name: /Writing in|←/ }).first();
  if (!(await back.isVisible())) return;
  await back.click();
  await page.getByText('Sort by').first().waitFor();
}

describe('the content editor in Chromium, saving into a temporary copy of content/', { timeout: 300_000 }, () => {
  beforeAll(openEditor, 180_000);

  test('one sign-in: the dashboard\'s session opens the editor, with no Login button of its own', async () => {
    await expect(page.getByRole('button', { name: 'Login' }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: 'Products' }).first().isVisible()).resolves.toBe(true);
  });

  test('a product edited in both languages side by side is written back in the build\'s format; its price is one value for both', async () => {
    await openEntry('Products', 'House Blend');
    // English on the left, Spanish on the right: both panes are open at once.
    const names = page.locator('input[id^="name-field"]');
    await expect(names.count()).resolves.toBe(2);
    expect(await names.nth(0).inputValue()).toBe('House Blend');
    expect(await names.nth(1).inputValue()).toBe('Mezcla de la Casa');
    await names.nth(0).fill('House Blend Reserve');
    await names.nth(1).fill('Mezcla de la Casa Reserva');
    await page.locator('textarea[id^="summary-field"]').nth(1).fill('Chocolate, avellana y un final largo.');
    // The price is set once, in the left pane; the Spanish pane shows the same amount, read-only (it was empty).
    const amounts = page.locator('input[id^="amount-field"]');
    await expect(amounts.count()).resolves.toBe(2);
    expect([await amounts.nth(0).inputValue(), await amounts.nth(1).inputValue()]).toEqual(['12', '12']);
    await amounts.nth(0).fill('13.5');
    await expect.poll(() => amounts.nth(1).inputValue()).toBe('13.5');
    expect(await amounts.nth(1).evaluate((input) => getComputedStyle(input).pointerEvents)).toBe('none');
    // No reload may throw the editor away while it saves (README: npm start reloads the site's pages on a save).
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await publish();

    for (const [lang, changes] of [
      ['en', { name: 'House Blend Reserve' }],
      ['es', { name: 'Mezcla de la Casa Reserva', summary: 'Chocolate, avellana y un final largo.' }],
    ] as const) {
      const path = `content/products/${lang}/house-blend.md`;
      const before = markdown(original(path));
      const after = markdown(file(path));
      // Same folder and file name, frontmatter plus Markdown body; only the edited fields differ.
      expect(file(path)).toMatch(/^---\n[\s\S]+\n---\n/);
      expect(after.data).toEqual({ ...before.data, ...changes, price: { ...(before.data.price as object), amount: 13.5 } });
      expect(after.body).toBe(before.body);
    }
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('after Publish the editor stays as it is and says the entry is published; a reload the dev server sends reaches the site\'s pages only', async () => {
    await expect(page.getByRole('status').filter({ hasText: 'Published: saved in both languages. The site shows it now' }).isVisible()).resolves.toBe(true);
    const site = await context.newPage();
    await site.goto(`${baseUrl}/en/products/house-blend/`);
    const mark = (target: Page) => target.evaluate(() => ((window as unknown as { mark: number }).mark = 1));
    const marked = (target: Page) => target.evaluate(() => (window as unknown as { mark?: number }).mark === 1);
    await mark(site);
    await mark(page);
    // What a save into the project's own content/ does under npm start: Astro tells every open page to reload.
    // A changed server module sends the same message (the test writes a temporary copy, which the server does not watch).
    const now = new Date();
    utimesSync('src/cms/paths.ts', now, now);
    await site.waitForFunction(() => (window as unknown as { mark?: number }).mark === undefined, null, { timeout: 120_000 });
    await page.waitForTimeout(1_000);
    expect(await marked(page)).toBe(true);
    await expect(page.getByRole('button', { name: /^Published$/ }).isVisible()).resolves.toBe(true);
    await site.close();
  });

  test('saving with one language missing is refused, naming the file, the language and the field, in English and Spanish', async () => {
    await leaveEntry();
    await openEntry('Products', 'Swiss Water Decaf');
    const summaries = page.locator('textarea[id^="summary-field"]');
    await summaries.nth(1).fill('');
    const refusal = await publishRefused();
    expect(refusal).toContain('content/products/es/swiss-water-decaf.md');
    expect(refusal).toContain('Español');
    expect(refusal).toContain('summary');
    // In both languages, whichever the owner reads.
    expect(refusal).toContain('missing, fill it in / falta, rellénelo');
    expect(file('content/products/es/swiss-water-decaf.md')).toBe(original('content/products/es/swiss-water-decaf.md'));
  });

  test('a survey question\'s texts are edited in both languages; ids stay, the YAML keeps its en:/es: texts', async () => {
    await leaveEntry();
    await openEntry('Surveys', 'How did we do?');
    await page.locator('[aria-label="list field"]').filter({ has: page.locator('label', { hasText: /^Questions/ }) }).first().getByRole('button', { name: 'Expand' }).first().click();
    const en = page.locator('input[value="How was the value for money?"]');
    const es = page.locator('input[value="¿Qué tal la relación calidad-precio?"]');
    await en.fill('Was it worth the price?');
    await es.fill('¿Mereció la pena el precio?');
    await publish();
    expect(asked).toEqual([]);

    const before = yaml(original('content/surveys/feedback.yaml')) as { questions: { id: string; label: unknown }[] };
    const after = yaml(file('content/surveys/feedback.yaml')) as typeof before;
    expect(after.questions.map((q) => q.id)).toEqual(before.questions.map((q) => q.id));
    const value = after.questions.find((q) => q.id === 'value');
    expect(value?.label).toEqual({ en: 'Was it worth the price?', es: '¿Mereció la pena el precio?' });
    expect(after).toEqual({ ...before, questions: before.questions.map((q) => (q.id === 'value' ? value : q)) });
  });

  test('renaming a question id that has stored answers asks first; answering no saves nothing', async () => {
    const saved = file('content/surveys/feedback.yaml');
    const id = page.locator('input[id^="id-field"][value="visit"]');
    await id.fill('reason');
    const refusal = await publishRefused();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('feedback');
    expect(asked[0]).toMatch(/visit: \d+/);
    expect(refusal).toContain('Not saved');
    expect(file('content/surveys/feedback.yaml')).toBe(saved);
    asked.length = 0;
  });

  test('deleting a question that has stored answers asks first too', async () => {
    await leaveEntry();
    await openEntry('Surveys', 'How did we do?');
    await page.locator('[aria-label="list field"]').filter({ has: page.locator('label', { hasText: /^Questions/ }) }).first().getByRole('button', { name: 'Expand' }).first().click();
    const saved = file('content/surveys/feedback.yaml');
    // The question's own remove button (×), in its header beside the drag handle.
    const item = page.locator('input[id^="id-field"][value="visit"]').locator(`xpath=ancestor::div[./label[starts-with(@for,'questions-field')]][1]`);
    await item.locator(`xpath=./div/div[@aria-roledescription='sortable']/following-sibling::button`).click();
    await page.locator('input[id^="id-field"][value="visit"]').waitFor({ state: 'detached', timeout: 10_000 });
    await publishRefused();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/visit: \d+/);
    expect(file('content/surveys/feedback.yaml')).toBe(saved);
    asked.length = 0;
  });

  test('printed ids (location, product, survey file names) cannot be deleted from the editor; a guide can', async () => {
    await leaveEntry();
    for (const [collection, title] of [['Locations', 'Counter'], ['Products', 'Pour-over Kit'], ['Surveys', 'How did we do?'], ['Guides', 'Brewing pour-over at home']] as const) {
      await openEntry(collection, title);
      await expect(page.getByRole('button', { name: 'Delete entry' }).count()).resolves.toBe(collection === 'Guides' ? 1 : 0);
      await leaveEntry();
    }
  });

  test('a newsletter issue is edited in both languages; it stays in its {yyyy-mm}/{lang}.md folder', async () => {
    await openEntry('Newsletter issues', 'November at Brasa');
    const subjects = page.locator('input[id^="subject-field"]');
    await subjects.nth(0).fill('November at Brasa: Huila is here');
    await subjects.nth(1).fill('Noviembre en Brasa: llega el Huila');
    await publish();
    for (const [lang, subject] of [['en', 'November at Brasa: Huila is here'], ['es', 'Noviembre en Brasa: llega el Huila']] as const) {
      const path = `content/newsletters/2026-11/${lang}.md`;
      const before = markdown(original(path));
      const after = markdown(file(path));
      expect(after.data).toEqual({ ...before.data, subject });
      expect(after.body).toBe(before.body);
    }
  });

  test('the edited copy has the same files (no file renamed, added or lost) and compiles: the build accepts them', () => {
    const files = (root: string) => readdirSync(root, { recursive: true }).map(String).sort();
    expect(files(join(cmsRoot, 'content'))).toEqual(files('content'));
    const compiled = compileContent(join(cmsRoot, 'content'));
    expect(compiled.products.find((p) => p.id === 'en/house-blend')?.data).toMatchObject({ name: 'House Blend Reserve' });
  });

  test('`astro build` builds the whole site from the edited copy, with the edits on its pages', { timeout: 900_000 }, async () => {
    // The project as it is, with the editor's content/ and src/assets/ in place of its own.
    const site = await mkdtemp(join(tmpdir(), 'vuelve-cms-build-'));
    const skipped = /^(node_modules|dist|\.astro|\.netlify|\.git|data|test-results|content|src\/assets|src\/catalog\/generated)(\/|$)/;
    await cp('.', site, { recursive: true, filter: (source) => !skipped.test(relative('.', source)) });
    for (const folder of ['content', 'src/assets']) await cp(join(cmsRoot, folder), join(site, folder), { recursive: true });
    await symlink(resolve('node_modules'), join(site, 'node_modules'), 'dir');
    let output = '';
    const build = spawn(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { cwd: site, env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
    build.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    build.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => build.on('exit', done));
    expect(code, output.slice(-3000)).toBe(0);
    const built = (path: string) => readFileSync(join(site, 'dist', path), 'utf8');
    expect(built('en/products/house-blend/index.html')).toContain('House Blend Reserve');
    expect(built('es/products/house-blend/index.html')).toContain('Chocolate, avellana y un final largo.');
    // The price set once in the editor, on both languages' pages.
    expect(built('en/products/house-blend/index.html')).toContain('€13.50 / 250 g');
    expect(built('es/products/house-blend/index.html')).toMatch(/13,50\s€ \/ 250 g/);
    expect(built('es/survey/feedback/index.html')).toContain('¿Mereció la pena el precio?');
    expect(built('es/newsletter/2026-11/index.html')).toContain('Noviembre en Brasa: llega el Huila');
    await rm(site, { recursive: true, force: true });
  });

  test.each([
    // Titles as in the list and as the start of the heading: the earlier tests may have lengthened them.
    ['Products', 'House Blend', 'Mezcla de la Casa', ['.facts dt', '.steps > li img', '.notes.care li', '.notes.safety li', '.faq details summary h3']],
    ['Guides', 'Brewing pour-over at home', 'Café de filtro en casa', ['.small', '.lead', '.prose p']],
    ['Newsletter issues', 'November at Brasa', 'Noviembre en Brasa', ['.small', '.lead', '.prose p', '.callout']],
  ])('%s: the preview shows the entry as the customer sees it, with the page\'s styles, in the language edited, and no serious axe finding', async (collection, english, spanish, parts) => {
    await leaveEntry();
    await openEntry(collection, english);
    // Decap remembers whether the preview pane was open: open it only if it is not.
    const iframe = page.locator('iframe').first();
    if (!(await iframe.isVisible())) await page.getByRole('button', { name: 'Toggle preview' }).click();
    await iframe.waitFor();
    for (const [lang, title] of [['en', english], ['es', spanish]] as const) {
      if (lang === 'es') {
        await page.getByRole('button', { name: /^Writing in/ }).first().click();
        await page.getByRole('menuitem', { name: 'es', exact: true }).click();
      }
      const frame = page.frames().find((f) => f !== page.mainFrame())!;
      await frame.locator('main h1', { hasText: title }).waitFor();
      expect(await frame.evaluate(() => document.documentElement.lang)).toBe(lang);
      for (const part of parts) await expect(frame.locator(`main ${part}`).count(), part).resolves.toBeGreaterThan(0);
      // The page's own stylesheets reached the frame: the steps are numbered cards, the guide and the issue a reading column.
      const styled = collection === 'Products' ? ['.steps > li', 'display', 'grid'] : [`.${collection === 'Guides' ? 'guide' : 'issue'}`, 'max-width', '672px'];
      expect(await frame.locator(`main ${styled[0]}`).first().evaluate((element, property) => getComputedStyle(element).getPropertyValue(property), styled[1]!)).toBe(styled[2]);
      expect(await severeViolations(frame)).toEqual([]);
      // As the customer sees it on a computer and on a phone: the preview document alone, at that width, whole.
      for (const width of [1200, 390]) {
        await iframe.evaluate((element, width) => (element.style.cssText = `position:fixed;top:0;left:0;z-index:9999;width:${width}px;height:1000px`), width);
        const height = await frame.evaluate(() => document.documentElement.scrollHeight);
        await page.setViewportSize({ width: 1400, height });
        await iframe.evaluate((element, height) => (element.style.height = `${height}px`), height);
        await iframe.screenshot({ path: join(resultsDir(), `content-preview-${collection.split(' ')[0]!.toLowerCase()}-${lang}-${width}.png`) });
      }
      await iframe.evaluate((element) => (element.style.cssText = ''));
      await page.setViewportSize({ width: 1400, height: 1000 });
    }
  });
});

describe('the editor in the owner\'s hands: in Spanish and English, on a phone and a computer', { timeout: 300_000 }, () => {
  const shots = join(resultsDir(), 'editor');
  mkdirSync(shots, { recursive: true });

  /** What of Decap's interface (texts, fields, buttons: elements with nothing inside) sticks out of the window sideways. */
  const cutOff = (target: Page) =>
    target.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const outside = [...document.querySelectorAll('#nc-root *')].filter((element) => {
        const box = element.getBoundingClientRect();
        return element.children.length === 0 && box.width > 0 && box.height > 0 && (box.right > width + 1 || box.left < -1);
      });
      return { scroll: document.documentElement.scrollWidth - width, outside: outside.slice(0, 5).map((element) => element.className.toString().slice(0, 80)) };
    });

  test.each([
    ['es-ES', 'es', 390],
    ['es-ES', 'es', 1280],
    ['en-GB', 'en', 390],
    ['en-GB', 'en', 1280],
  ] as const)('%s (%s) at %i px: the entry list and a product being edited, nothing cut off, the two languages stacked on a phone', async (locale, lang, width) => {
    const owner = await browser.newContext({ locale, viewport: { width, height: 844 } });
    owner.setDefaultTimeout(120_000);
    const tab = await owner.newPage();
    await tab.goto(`${baseUrl}/admin/content/`);
    await tab.fill('#password', 'admin');
    await tab.click('button[type=submit]');
    const products = lang === 'es' ? 'Productos' : 'Products';
    await tab.getByRole('link', { name: products, exact: true }).first().click();
    // The owner's language first: the list shows the entries' names in it.
    const name = lang === 'es' ? 'Mezcla de la Casa' : 'House Blend';
    await tab.getByRole('link', { name }).first().waitFor();
    // Decap's loading bar across the top fades out after a moment: a picture without it.
    await tab.waitForTimeout(1_000);
    await tab.screenshot({ path: join(shots, `${lang}-${width}-list.png`) });
    expect(await cutOff(tab)).toEqual({ scroll: 0, outside: [] });

    await tab.getByRole('link', { name }).first().click();
    const writing = (code: string) => tab.getByRole('button', { name: lang === 'es' ? `Escribiendo en ${code}` : `Writing in ${code}` });
    await writing(lang.toUpperCase()).waitFor();
    await writing(lang === 'es' ? 'EN' : 'ES').waitFor();
    // Decap's own words in the owner's language too (its Spanish lacked these).
    await expect(tab.getByRole('button', { name: lang === 'es' ? 'Rellenar desde otro idioma' : 'Fill in from another locale' }).count()).resolves.toBe(2);
    await tab.locator('input[id^="amount-field"]').first().waitFor();
    await tab.waitForTimeout(1_000);
    await tab.screenshot({ path: join(shots, `${lang}-${width}-entry.png`) });
    expect(await cutOff(tab)).toEqual({ scroll: 0, outside: [] });
    const [first, second] = await Promise.all([tab.locator('.SplitPane > .Pane1').boundingBox(), tab.locator('.SplitPane > .Pane2').boundingBox()]);
    if (width < 800) expect(second!.y).toBeGreaterThanOrEqual(first!.y + first!.height - 1);
    else expect(second!.x).toBeGreaterThanOrEqual(first!.x + first!.width - 1);
    // The other language's price: the same amount, read-only.
    const amounts = tab.locator('input[id^="amount-field"]');
    expect(await amounts.nth(0).inputValue()).toBe(await amounts.nth(1).inputValue());
    expect(await amounts.nth(1).evaluate((input) => getComputedStyle(input).pointerEvents)).toBe('none');
    if (width < 800) {
      await amounts.nth(1).scrollIntoViewIfNeeded();
      await tab.screenshot({ path: join(shots, `${lang}-${width}-entry-other-language.png`) });
    }
    await owner.close();
  });
});

describe('the editor pages Vuelve writes, checked with axe-core', { timeout: 300_000 }, () => {
  test.each([['en-GB', 'en'], ['es-ES', 'es']])('%s: the sign-in page and the page that hosts the editor have no serious or critical finding', async (locale, lang) => {
    const visitor = await browser.newContext({ locale, viewport: { width: 1280, height: 900 }, bypassCSP: true });
    visitor.setDefaultTimeout(120_000);
    const host = await visitor.newPage();
    expect((await host.goto(`${baseUrl}/admin/content/`))?.status()).toBe(401);
    expect(await host.locator('html').getAttribute('lang')).toBe(lang);
    expect(await severeViolations(host)).toEqual([]);
    await host.fill('#password', 'admin');
    await host.click('button[type=submit]');
    await host.getByRole('link', { name: lang === 'es' ? 'Productos' : 'Products' }).first().waitFor();
    expect(await host.title()).toContain(lang === 'es' ? 'Editor de contenido' : 'Content editor');
    // Decap draws its own interface into #nc-root: axe checks the rest, which Vuelve writes.
    expect(await severeViolations(host, ['#nc-root'])).toEqual([]);
    await visitor.close();
  });
});
