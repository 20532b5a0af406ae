/** Where the site serves Decap CMS's browser bundle: from node_modules, never a CDN (the editor works offline). */
export const decapBase = '/cms/decap/';

/** The editor's local file API under `npm start` (src/cms/local-api.ts). */
export const localApiPath = '/admin/content/api/v1';
