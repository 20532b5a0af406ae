import { z } from 'zod';
import { locales } from '../i18n/locales.ts';

/** A card's registration: who holds it, for a lost card and a birthday greeting. */
const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day and month only: enough for a greeting, no age kept. */
export const birthdaySchema = z
  .object({ day: z.number().int().min(1).max(31), month: z.number().int().min(1).max(12) })
  .refine(({ day, month }) => day <= daysInMonth[month - 1]!, { message: 'No such day in that month', path: ['day'] });
export type Birthday = z.infer<typeof birthdaySchema>;

/** What a customer fills in to register a card (none of it needed to use the card). */
export const registrationDetails = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.email().max(254).transform((email) => email.toLowerCase()),
  birthday: birthdaySchema.nullable(),
  language: z.enum(locales),
  /** Ticked "send me the newsletter" (a sign-up, still to be confirmed by email). */
  newsletter: z.boolean(),
});
export type RegistrationDetails = z.infer<typeof registrationDetails>;

/** A registered card (table card_registrations). */
export interface Registration extends RegistrationDetails {
  card: string;
  registeredAt: Date;
  updatedAt: Date;
}

/**
 * The birthdays to greet on a calendar day: that day, and 29 February on the 28th of a year without one.
 * @example birthdaysOn('2027-02-28') → [{ month: 2, day: 28 }, { month: 2, day: 29 }]
 */
export function birthdaysOn(day: string): { month: number; day: number }[] {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const leap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  return month === 2 && date === 28 && !leap ? [{ month, day: 28 }, { month, day: 29 }] : [{ month, day: date }];
}
