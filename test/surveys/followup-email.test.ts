import { describe, expect, test } from 'vitest';
import type { Mailer } from '../../src/email/mailer.ts';
import { followupLetter, sendFollowupEmail } from '../../src/surveys/followup-email.ts';
import { followupsView, readFollowupContent } from '../../src/surveys/followups.ts';
import { findComplaint } from '../../src/surveys/queries.ts';
import { engines } from '../support/db.ts';
import { freshApps, storeResponses } from '../support/surveys.ts';
import { readOutbox, testApp } from '../support/temp.ts';

const content = readFollowupContent();
const survey = content.surveys.get('feedback')!;
const ana = { name: 'Ana', email: 'ana@example.com', language: 'es' as const };
const complaint = {
  answers: { overall: 2, nps: 3, wrong: 'El café llegó frío y esperamos veinte minutos.' },
  product: 'house-blend',
  submittedAt: '2026-03-31T23:30:00Z',
  contact: ana,
};
const edited = { subject: 'Su visita del martes', text: 'Buenos días, Ana:\n\nTiene toda la razón. Le invitamos a un café.\n\nUn saludo,\nMarta' };

describe('followupLetter()', () => {
  test('drafts in the customer\'s language the day they answered (the shop\'s calendar) and each thing that went wrong, in their words', async () => {
    const { app } = await testApp();
    const [id] = await storeResponses(app.db, survey, [complaint]);
    const letter = followupLetter((await findComplaint(app.db, id!))!, survey, content.site, content.products);
    await app.db.close();
    expect(letter.subject).toBe('Su visita a Brasa Coffee Roasters');
    expect(letter.text).toBe([
      'Buenos días, Ana:',
      // 23:30 UTC on 31 March is 1 April in Madrid.
      'Gracias por responder a nuestra encuesta sobre Mezcla de la Casa el 1 de abril de 2026.',
      'Lamentamos no haber estado a la altura. Usted nos dijo:\n- «En general, ¿cómo de satisfecho está con su visita?»: 2 de 5\n- que difícilmente nos recomendaría a un amigo (3 de 10)\n- «El café llegó frío y esperamos veinte minutos.»',
      'Nos gustaría entender qué ocurrió y ponerle remedio. ¿Podría contarnos un poco más?',
      'Basta con que responda a este correo, o llámenos al +34 910 000 000.',
      'Atentamente,\nBrasa Coffee Roasters',
    ].join('\n\n'));
    expect(letter.text).not.toContain('Según nuestros registros');
  });

  test('in English for a customer who chose English, without a name or product', async () => {
    const { app } = await testApp();
    const [id] = await storeResponses(app.db, survey, [{ answers: { overall: 4, nps: 5 }, submittedAt: '2026-11-26T10:00:00Z', contact: { email: 'ben@example.com', language: 'en' } }]);
    const letter = followupLetter((await findComplaint(app.db, id!))!, survey, content.site, content.products);
    await app.db.close();
    expect(letter.text).toMatch(/^Hello,\n\nThank you for answering our survey on 26 November 2026\.\n\nWe are sorry that we let you down\. You told us:\n- you would hardly recommend us to a friend \(5 out of 10\)\n\n/);
  });
});

describe.each(engines)('sendFollowupEmail() on %s', (engine) => {
  const fresh = freshApps(engine);
  async function setup() {
    const made = await fresh();
    const [id] = await storeResponses(made.app.db, survey, [complaint]);
    return { ...made, id: id! };
  }

  test('sends the owner\'s edited text to the customer, marks the complaint contacted and emailed, and drops the draft from the list', async () => {
    const { app, dataDir, id, clock } = await setup();
    clock.set('2026-04-01T09:00:00Z');
    expect(await sendFollowupEmail(app, id, edited, content.site)).toEqual({ ok: true });
    const [email] = await readOutbox(dataDir);
    expect(email?.headers).toMatchObject({ to: 'ana@example.com', subject: 'Su visita del martes', 'reply-to': 'hola@brasa.example' });
    expect(email?.text).toBe(`${edited.text}\n\n--\nRecibe este correo una sola vez porque nos pidió que le contactáramos sobre sus respuestas a nuestra encuesta.`);
    expect(email?.html).toContain('<p>Tiene toda la razón. Le invitamos a un café.</p>');
    const { followup } = (await findComplaint(app.db, id))!;
    expect(followup).toMatchObject({ status: 'contacted', contactedAt: new Date('2026-04-01T09:00:00Z'), emailed: { at: new Date('2026-04-01T09:00:00Z'), ...edited } });
    const [listed] = (await followupsView(app, content, { page: 1 })).page.items;
    expect(listed).toMatchObject({ followup: { id }, letter: undefined });
  });

  test('a second send sends nothing: one email, the first text kept', async () => {
    const { app, dataDir, id } = await setup();
    expect(await sendFollowupEmail(app, id, edited, content.site)).toEqual({ ok: true });
    expect(await sendFollowupEmail(app, id, { subject: 'Again', text: 'Again' }, content.site)).toEqual({ ok: false, reason: 'already-sent' });
    expect(await readOutbox(dataDir)).toHaveLength(1);
    expect((await findComplaint(app.db, id))?.followup.emailed).toMatchObject(edited);
  });

  test('20 simultaneous sends (a double click, two tabs) send one email', async () => {
    const { app, dataDir, id } = await setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => sendFollowupEmail(app, id, edited, content.site)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.reason === 'already-sent')).toHaveLength(19);
    expect(await readOutbox(dataDir)).toHaveLength(1);
  });

  test('a send the mail service refused is not marked, and can be tried again at once', async () => {
    const { app, dataDir, id } = await setup();
    let calls = 0;
    const flaky: Mailer = { ...app.mailer, send: async (message, options) => (++calls === 1 ? { ok: false, error: { message: 'Too many requests', statusCode: 429, retryable: true } } : app.mailer.send(message, options)) };
    expect(await sendFollowupEmail({ ...app, mailer: flaky }, id, edited, content.site)).toEqual({ ok: false, reason: 'mail-failed', message: 'Too many requests', retryable: true });
    expect((await findComplaint(app.db, id))?.followup).toMatchObject({ status: 'open', emailed: null });
    expect(await sendFollowupEmail({ ...app, mailer: flaky }, id, edited, content.site)).toEqual({ ok: true });
    expect(await readOutbox(dataDir)).toHaveLength(1);
  });

  test('refuses a complaint without an email address, and one that does not exist', async () => {
    const { app, dataDir } = await setup();
    const [phoneOnly] = await storeResponses(app.db, survey, [{ answers: { overall: 1, nps: 0 }, submittedAt: '2026-11-26T10:00:00Z', contact: { phone: '+34 600 000 000', language: 'es' } }]);
    expect(await sendFollowupEmail(app, phoneOnly!, edited, content.site)).toEqual({ ok: false, reason: 'no-email' });
    expect(await sendFollowupEmail(app, '00000000-0000-4000-8000-000000000000', edited, content.site)).toEqual({ ok: false, reason: 'not-found' });
    expect(await readOutbox(dataDir)).toEqual([]);
  });
});
