import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import { contentEditorSettings } from '../../app.ts';
import { cmsConfig } from '../../cms/config.ts';
import { localApiPath } from '../../cms/paths.ts';
import { locales, type Locale } from '../../i18n/locales.ts';
import { stringsWithPrefix } from '../../i18n/strings.ts';

/**
 * The content editor's Decap configuration per interface language, made at build. A static file outside /admin/
 * (in dev, Astro hides cookies from prerendered routes, so the session guard would refuse it); no secret in it: the
 * editor is behind the owner's session, and saving on Netlify needs the owner's GitHub account.
 */
export const getStaticPaths = (() => locales.map((lang) => ({ params: { lang } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params }) => {
  const lang = params.lang as Locale;
  const strings = await getCollection('i18n');
  const stringKeys = Object.fromEntries(
    strings.filter((entry) => entry.id.startsWith('en/')).map((entry) => [entry.id.slice(3), Object.keys(entry.data)]),
  );
  const text = stringsWithPrefix(lang, 'admin.content.');
  const { repo, branch } = contentEditorSettings();
  const config = cmsConfig({ lang, repo, branch, stringKeys, text: (key) => text[`admin.content.${key}`], localBackendUrl: localApiPath });
  return Response.json(config);
};
