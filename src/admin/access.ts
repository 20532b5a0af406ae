// Moved to src/sessions/access.ts; kept while other features' functions still import it from here.
export { adminEndpoint, adminLangCookie, adminLocale, guardAdminPage, isAdminPath, loginPath, safeNext } from '../sessions/access.ts';
