/**
 * Everything heavy the extension needs to talk to a tenant or read a configuration: the Atlan
 * client (undici, the wire models), the configuration model, the builders, the submit pipeline.
 * Bundled on its own as dist/tenantTools.js and required on first use (tenantTools.ts), so that
 * activating the extension does not pay for it: about 35 of the 40 ms a require of everything took.
 */
export { AppBackend, AtlanClient, changeWindowOfRun, isAtlanError, monitorRuns, redactText, relaxedTlsWarning } from '../core/atlan';
export { lineColumn, parseConfig } from '../core/config/parse';
export { formatConfig, setWorkflowName } from '../core/config/write';
export { buildCrawler } from '../core/workflow/build';
export { detectDrift } from '../core/workflow/drift';
export { importCrawler } from '../core/workflow/import';
export { importFollowUps } from '../core/workflow/importFollowUps';
export { duplicateWarning, prepareSubmission, submitPrepared } from '../core/tenant/submission';
export { ProfileSchema } from './auth/profileSchema';
export { SavedSchedulesSchema, SavedSentBodiesSchema } from './session/savedSchedules';
export { compareWithTenant } from '../core/tenant/inPlaceUpdate';
export { applyPlanned } from '../core/plan/applyPlan';
export { planFiles, planSummary } from '../core/plan/plan';
export { planInputOf } from '../core/plan/planInput';
export { readTenantSnapshot } from '../core/tenant/tenantSnapshot';
export { setProfileWorkflowName } from '../core/config/write';
export { configForProfile, profileProblem } from '../core/config/profiles';
