import type { App } from '../app.ts';
import type { Issue } from '../catalog/newsletter.ts';
import { approveIssue as approve } from '../newsletter/approval.ts';
import { approverOf } from '../newsletter/rules.ts';

/** Moved to src/newsletter/approval.ts; test fixtures still call it here with the approver as recorded ('dashboard', 'script:<user>'). */
export const approveIssue = (app: App, versions: readonly Issue[], by: string) => approve(app, versions, approverOf(by));
