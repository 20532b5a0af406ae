import { z } from 'zod';
import { locales } from '../i18n/locales.ts';
import { localized } from './localized.ts';

/** content/site/site.yaml: who the shop is. */
export const siteSchema = z.object({
  name: z.string().min(1),
  tagline: localized,
  address: z.string().min(1),
  phone: z.string().min(1).optional(),
  email: z.email(),
  /** Complaint alerts go here unless OWNER_EMAIL overrides it. */
  ownerEmail: z.email(),
  /** The language of every email to the owner (alerts, notices, summaries). */
  ownerLocale: z.enum(locales).default('en'),
  /** Where happy customers are invited to leave a public review. */
  reviewUrl: z.url(),
  social: z.array(z.object({ label: z.string().min(1), url: z.url() })).default([]),
  colors: z.object({
    primary: z.string().regex(/^#[0-9a-f]{6}$/i),
    accent: z.string().regex(/^#[0-9a-f]{6}$/i),
    background: z.string().regex(/^#[0-9a-f]{6}$/i),
  }),
  /** Path under public/, e.g. /logo.svg */
  logo: z.string().startsWith('/'),
  /**
   * The shop's clock: every day, week and month a figure counts in, every time the owner or a customer
   * reads, and the stamps-per-day limit. An IANA name.
   */
  timeZone: z.string().refine(isTimeZone, 'Write an IANA time zone, e.g. Europe/Madrid').default('Europe/Madrid'),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
export type Site = z.infer<typeof siteSchema>;

/** content/locations/{id}.yaml: where a printed code stands (counter, table, receipt…). */
export const locationSchema = z.object({
  name: localized,
  /** Shown to the owner on print sheets. */
  description: localized.optional(),
  order: z.number().int().default(0),
});
export type Location = z.infer<typeof locationSchema>;
