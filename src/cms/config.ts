import { localeNames, locales, type Locale } from '../i18n/locales.ts';
import { contentCollections, imageField, type ContentCollection } from './collections.ts';
import { fieldsOf, humanise, type CmsField, type FieldOptions } from './fields.ts';
import { stringFieldName } from './strings.ts';

/** The whole Decap CMS configuration, generated from the content collections and their zod schemas. */

export interface ConfigOptions {
  /** The editor's interface language. */
  lang: Locale;
  /** GitHub repository as `owner/name`, for signing in on Netlify. */
  repo: string;
  branch: string;
  /** Interface string keys by area (`admin` → ['admin.title', …]): the fields of each strings file. */
  stringKeys: Record<string, string[]>;
  /** Labels and hints in `lang`; the field name, humanised, when a label is missing. */
  text: (key: string) => string | undefined;
  /** Where the editor's local API answers (`npm start`); undefined on Netlify. */
  localBackendUrl?: string;
  /** The collections to edit: all of them unless a test gives others. */
  collections?: ContentCollection[];
}

/** Collections written once per language, a file each (Decap's i18n). */
const perLanguage = (collection: ContentCollection) => collection.layout === 'per-language-markdown' || collection.layout === 'per-issue-markdown';

/** Longer texts get a multi-line box. */
const multiline = new Set(['intro', 'rules', 'description', 'hint', 'summary', 'preheader', 'answer', 'text', 'body', 'reward', 'birthdayReward', 'tagline']);

/** The editor's picture folder (each collection with pictures has its own inside it). */
export const mediaFolder = 'src/assets';

export function cmsConfig(options: ConfigOptions) {
  const label = (name: string) => options.text(`field.${name}`) ?? humanise(name);
  const fieldOptions = (collection: ContentCollection): FieldOptions => ({
    label,
    hint: (path) => options.text(`hint.${collection.name}.${path}`),
    multiline: (path) => multiline.has(path.split('.').at(-1) ?? ''),
    ...(collection.media && { image: { schema: imageField, mediaFolder: collection.media.folder, publicFolder: collection.media.publicFolder } }),
    ...(perLanguage(collection) && { perLanguage: { sharedHint: options.text('hint.shared') } }),
  });
  const collectionText = (collection: ContentCollection) => ({
    label: options.text(`collection.${collection.name}`) ?? humanise(collection.name),
    ...(options.text(`collection.${collection.name}.description`) && { description: options.text(`collection.${collection.name}.description`) }),
  });
  // The owner's language is the left pane, the one whose shared values (price, dates, pictures…) are edited;
  // the other pane shows them read-only. Entry lists show titles in it too.
  const i18n = { structure: 'multiple_folders', locales: [options.lang, ...locales.filter((locale) => locale !== options.lang)], default_locale: options.lang };
  const body: CmsField = { name: 'body', label: label('body'), widget: 'markdown', i18n: true };

  const collections = (options.collections ?? contentCollections).map((collection) => {
    // The strings files are a record of keys, not an object: their fields are their keys.
    const fields = collection.layout === 'strings' ? [] : fieldsOf(collection.fieldsFrom, fieldOptions(collection));
    const text = collectionText(collection);
    switch (collection.layout) {
      case 'yaml-file':
        return { name: collection.name, ...text, files: [{ name: collection.name, label: text.label, file: collection.path, format: 'yaml', fields }] };
      case 'yaml-folder':
        return {
          name: collection.name,
          ...text,
          folder: collection.path,
          extension: 'yaml',
          format: 'yaml',
          create: true,
          // Ids are printed in QR codes and stored with answers: the editor never renames or deletes one.
          delete: !collection.printedIds,
          identifier_field: `${fields.some((field) => field.name === 'title') ? 'title' : 'name'}.${options.lang}`,
          slug: '{{slug}}',
          fields,
        };
      case 'per-language-markdown':
      case 'per-issue-markdown': {
        const issue = collection.layout === 'per-issue-markdown';
        return {
          name: collection.name,
          ...text,
          folder: collection.path,
          extension: 'md',
          format: 'frontmatter',
          create: true,
          delete: !collection.printedIds,
          i18n: true,
          identifier_field: issue ? 'subject' : fields.some((field) => field.name === 'title') ? 'title' : 'name',
          // An issue's folder name is the month it is sent in.
          slug: issue ? '{{year}}-{{month}}' : '{{slug}}',
          fields: [...fields, body],
        };
      }
      case 'strings':
        // Decap's i18n cannot split a file collection by language: each area is one entry holding both
        // languages of every key (strings.ts joins and splits the two files).
        return {
          name: collection.name,
          ...text,
          delete: false,
          files: Object.entries(options.stringKeys).map(([area, keys]) => ({
            name: area,
            label: options.text(`strings.${area}`) ?? humanise(area),
            file: `${collection.path}/${area}.json`,
            format: 'json',
            fields: keys.map((key) => ({
              name: stringFieldName(key),
              label: key,
              widget: 'object',
              collapsed: false,
              fields: locales.map((locale) => ({ name: locale, label: localeNames[locale], widget: 'string' })),
            })),
          })),
        };
    }
  });

  return {
    backend: {
      name: 'github',
      repo: options.repo,
      branch: options.branch,
      // Netlify's OAuth provider signs the owner in to GitHub (README: "Editing content on Netlify").
      base_url: 'https://api.netlify.com',
      auth_endpoint: 'auth',
      commit_messages: { create: 'Content: create {{collection}} “{{slug}}”', update: 'Content: update {{collection}} “{{slug}}”', delete: 'Content: delete {{collection}} “{{slug}}”' },
    },
    ...(options.localBackendUrl && { local_backend: { url: options.localBackendUrl } }),
    load_config_file: false,
    locale: options.lang,
    i18n,
    // Pictures are uploaded next to the others under src/assets/, so astro:assets resizes them.
    media_folder: mediaFolder,
    public_folder: `/${mediaFolder}`,
    site_url: '/',
    publish_mode: 'simple',
    collections,
  };
}

export type CmsConfig = ReturnType<typeof cmsConfig>;
