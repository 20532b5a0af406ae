// Moved to src/newsletter/issue-id.ts; the content schemas (src/catalog/) still import it from here.
export { issueIdPattern } from '../newsletter/issue-id.ts';
