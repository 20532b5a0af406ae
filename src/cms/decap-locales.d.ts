/** Decap's interface phrases per language (decap-cms-locales ships no types), read by test/cms/decap-locale.test.ts. */
declare module 'decap-cms-locales/dist/esm/*/index.js' {
  type Phrases = { [key: string]: string | Phrases };
  const phrases: Phrases;
  export default phrases;
}
