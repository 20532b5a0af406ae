// Moved to src/sessions/sessions.ts; kept while other features' tests and scripts still import it from here.
export { accountLockout, hasSession, loginLimit, logIn, type LoginResult, type Role } from '../sessions/sessions.ts';
