import type { Loyalty } from '../catalog/loyalty.ts';
import { CARD_ID_LENGTH, formatCardNumber } from '../loyalty/card.ts';
import { escapeHtml, htmlDocument } from '../http/page.ts';
import { locales, type Locale } from '../i18n/locales.ts';
import { t, tn } from '../i18n/strings.ts';
import { qrSvg } from './qr.ts';
import { printWarningHtml } from './warnings.ts';

/** Print-ready sheets of loyalty cards (fronts, then backs, ten a sheet), for the owner's print page and `npm run cards`. */

export const papers = {
  /** A4 with ID-1 cards (85.6 × 54 mm, the size of a bank card), butted together, crop marks in the margins. */
  a4: { width: 210, height: 297, card: { width: 85.6, height: 54 } },
  /** US Letter as Avery 8371 stock (3.5 × 2 in cards): five ID-1 cards would leave margins printers cannot reach. */
  letter: { width: 215.9, height: 279.4, card: { width: 88.9, height: 50.8 } },
} as const;
export type Paper = keyof typeof papers;
export const paperNames = Object.keys(papers) as Paper[];

export const CARDS_PER_SHEET = 10;
const COLUMNS = 2;
const ROWS = 5;

export interface SheetOptions {
  programme: Loyalty;
  shopName: string;
  /** Absolute origin; each QR holds `${siteUrl}/c/{code}`. */
  siteUrl: string;
  codes: readonly string[];
  paper: Paper;
  /** Language of the card fronts and the instructions; backs carry every language. */
  lang: Locale;
  /** The logo's src: a path on the site, or a data: URI when the HTML is a file. */
  logoSrc: string;
  /** Shown on screen above the sheets, never printed. */
  heading: string;
  /** Signed with the demo CARD_SECRET: a warning above the sheets says the live site will refuse them. */
  demoCardSecret?: boolean | undefined;
}

/** Where each card of a sheet sits, in mm from the page's top left corner. */
export function cardPositions(paper: Paper): { x: number; y: number }[] {
  const { width, height, card } = papers[paper];
  const left = (width - COLUMNS * card.width) / 2;
  const top = (height - ROWS * card.height) / 2;
  return Array.from({ length: CARDS_PER_SHEET }, (_, index) => ({
    x: round(left + (index % COLUMNS) * card.width),
    y: round(top + Math.floor(index / COLUMNS) * card.height),
  }));
}

/** The absolute URL in a card's QR code. */
export function cardUrl(siteUrl: string, code: string): string {
  return `${siteUrl}/c/${code}`;
}

/** The whole printable document. */
export async function cardSheetHtml(options: SheetOptions): Promise<string> {
  const { codes, paper, lang } = options;
  const qrs = await Promise.all(codes.map((code) => qrSvg(cardUrl(options.siteUrl, code), t(lang, 'loyalty.print.qrLabel'))));
  const front = frontMaker(options);
  const backOfCard = back(options);
  const sheets: string[] = [];
  for (let start = 0; start < codes.length; start += CARDS_PER_SHEET) {
    const slice = codes.slice(start, start + CARDS_PER_SHEET);
    const sheetNumber = start / CARDS_PER_SHEET + 1;
    sheets.push(sheet(paper, slice.map((code, i) => front(code, qrs[start + i]!)), `${sheetNumber}a`));
    // Backs are mirrored left to right, so they line up when the sheet is flipped on its long edge.
    sheets.push(sheet(paper, slice.map(() => backOfCard), `${sheetNumber}b`, true));
  }
  const { width, height, card } = papers[paper];
  const sheetCount = Math.ceil(codes.length / CARDS_PER_SHEET);
  return htmlDocument(lang, options.heading, styles(options, width, height, card), `<header class="screen-only">
${printWarningHtml(lang, { siteUrl: options.siteUrl, demoCardSecret: options.demoCardSecret })}
<h1>${escapeHtml(options.heading)}</h1>
<p>${escapeHtml(tn(lang, 'loyalty.print.summary', codes.length, { pages: sheetCount * 2, paper: paper === 'a4' ? 'A4' : 'US Letter (Avery 8371)' }))}</p>
<p>${escapeHtml(t(lang, 'loyalty.print.howTo'))}</p>
</header>
${sheets.join('\n')}`);
}

function sheet(paper: Paper, cards: string[], label: string, mirrored = false): string {
  const positions = cardPositions(paper);
  const placed = cards.map((html, index) => {
    const column = index % COLUMNS;
    const at = positions[mirrored ? index - column + (COLUMNS - 1 - column) : index]!;
    return `<div class="card" style="left:${at.x}mm;top:${at.y}mm">${html}</div>`;
  });
  return `<section class="sheet" data-sheet="${label}">${cropMarks(paper)}${placed.join('')}</section>`;
}

/** Short lines in the margins on every cut line; they never reach a card. */
function cropMarks(paper: Paper): string {
  const { width, height, card } = papers[paper];
  const { x: left, y: top } = cardPositions(paper)[0]!;
  const right = left + COLUMNS * card.width;
  const bottom = top + ROWS * card.height;
  const gap = 2;
  const lines: string[] = [];
  for (let c = 0; c <= COLUMNS; c++) {
    const x = round(left + c * card.width);
    lines.push(line(x, Math.max(0, top - gap - 8), x, top - gap), line(x, bottom + gap, x, Math.min(height, bottom + gap + 8)));
  }
  for (let r = 0; r <= ROWS; r++) {
    const y = round(top + r * card.height);
    lines.push(line(Math.max(0, left - gap - 8), y, left - gap, y), line(right + gap, y, Math.min(width, right + gap + 8), y));
  }
  return `<svg class="marks" viewBox="0 0 ${width} ${height}" aria-hidden="true">${lines.join('')}</svg>`;
}

function line(x1: number, y1: number, x2: number, y2: number): string {
  return `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`;
}

/** The front of a card, as a function of its code and QR: what every card shares is rendered once. */
function frontMaker(options: SheetOptions): (code: string, qr: string) => string {
  const { programme, lang } = options;
  const n = programme.stampsPerReward;
  const circles = Array.from({ length: n }, (_, i) => (i === n - 1 ? '<span class="stamp last">★</span>' : `<span class="stamp">${i + 1}</span>`)).join('');
  const head = `<div class="head"><img src="${escapeHtml(options.logoSrc)}" alt=""><strong>${escapeHtml(programme.name[lang])}</strong></div>`;
  const reward = `<span class="reward">${escapeHtml(t(lang, 'loyalty.print.reward', { stamps: n, reward: programme.reward[lang] }))}</span>`;
  return (code, qr) => `<div class="front">
<div class="main">
<div class="left">
${head}
<div class="stamps" style="--columns:${stampColumns(n)}">${circles}</div>
</div>
<div class="qr">${qr}</div>
</div>
<div class="foot"><span class="number">${escapeHtml(t(lang, 'loyalty.print.number', { number: formatCardNumber(code.slice(0, CARD_ID_LENGTH)) }))}</span>${reward}</div>
</div>`;
}

function back(options: SheetOptions): string {
  const { programme } = options;
  const host = options.siteUrl.replace(/^https?:\/\//, '');
  const rules = locales.map((locale) => `<p lang="${locale}"><strong>${escapeHtml(programme.name[locale])}.</strong> ${escapeHtml(programme.rules[locale])}</p>`).join('');
  return `<div class="back"><div class="rules">${rules}</div><div class="shop"><img src="${escapeHtml(options.logoSrc)}" alt=""><span><strong>${escapeHtml(options.shopName)}</strong> · ${escapeHtml(host)}</span></div></div>`;
}

/** Circles per row, on the card and its page: one row up to 5, two rows up to 12, then three. */
export function stampColumns(n: number): number {
  return Math.ceil(n / (n <= 5 ? 1 : n <= 12 ? 2 : 3));
}

function round(mm: number): number {
  return Math.round(mm * 100) / 100;
}

function styles(options: SheetOptions, width: number, height: number, card: { width: number; height: number }): string {
  const { design } = options.programme;
  return `@page{size:${width}mm ${height}mm;margin:0}
*{box-sizing:border-box}
html,body{margin:0;padding:0}
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:${design.ink};background:#8a8580;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.screen-only{max-width:${width}mm;margin:0 auto;padding:1rem;color:#fff}
.screen-only h1{margin:0 0 .5rem;font-size:1.5rem}
.sheet{position:relative;width:${width}mm;height:${height}mm;margin:0 auto 1rem;background:#fff;overflow:hidden;break-after:page}
.sheet:last-of-type{break-after:auto}
.marks{position:absolute;inset:0;width:100%;height:100%}
.marks line{stroke:#000;stroke-width:.2}
.card{position:absolute;width:${card.width}mm;height:${card.height}mm;overflow:hidden;background:${design.background}}
.front{display:flex;flex-direction:column;height:100%;padding:3mm 3mm 2.5mm 3.5mm}
.main{flex:1;display:flex;gap:2mm;min-height:0}
.left{flex:1;display:flex;flex-direction:column;min-width:0}
.head{display:flex;align-items:center;gap:2mm;font-size:3.4mm;line-height:1.1;color:${design.accent}}
.head img{width:7mm;height:7mm}
.stamps{flex:1;display:grid;grid-template-columns:repeat(var(--columns),1fr);gap:1.2mm;align-content:center;justify-items:center}
.stamp{display:flex;align-items:center;justify-content:center;width:min(10.5mm,100%);aspect-ratio:1;border:.35mm solid ${design.stamp};border-radius:50%;font-size:2.6mm;color:${design.stamp};background:#fff}
.stamp.last{background:${design.stamp};color:#fff;font-size:4mm}
.qr{flex:none}
.qr svg{display:block;width:24mm;height:24mm}
.foot{display:flex;justify-content:space-between;align-items:baseline;gap:2mm;font-size:2.2mm}
.number{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:2.6mm;letter-spacing:.2mm;white-space:nowrap}
.reward{text-align:right}
.back{display:flex;flex-direction:column;justify-content:space-between;height:100%;padding:4mm 4.5mm 3mm;font-size:2.7mm;line-height:1.35}
.rules p{margin:0 0 2mm}
.rules strong{color:${design.accent}}
.shop{display:flex;align-items:center;gap:1.5mm;font-size:2.4mm;color:${design.accent}}
.shop img{width:5mm;height:5mm}
@media print{body{background:none}.screen-only{display:none}.sheet{margin:0}}`;
}
