/**
 * Every message between the crawler form's webview and the extension, validated with zod on
 * both sides. No `vscode` here: the webview bundles this module too.
 *
 * Secret values travel in one direction only, in `storeSecret` (webview -> extension); nothing
 * the extension sends carries one, only whether a secret of a given name is stored.
 */
import * as z from 'zod';
import { FormDraftSchema, SECRET_FIELDS } from './formDraft';


const secretFieldName = z.enum(SECRET_FIELDS);
const secretName = z.string().min(1).max(64);

/** What the webview keeps with `setState` (and hands back on a window reload). Never a secret. */
export const FormStateSchema = z.strictObject({
  /** Identifies a new crawler's form before it has a file (for its unsaved-changes copy). */
  id: z.string().max(100).optional(),
  /** The config file this form edits; absent for a new crawler not saved yet. */
  fileUri: z.string().max(4_096).optional(),
  /** Where a new crawler will be saved, when the command was given one. */
  targetUri: z.string().max(4_096).optional(),
  draft: FormDraftSchema,
  /** The draft when the form was opened or last saved: what "unsaved changes" are measured against. */
  initialDraft: FormDraftSchema,
  /** Bumped on every edit; the higher of the webview's and the extension's copy wins. */
  rev: z.number().int().nonnegative(),
});
export type FormState = z.infer<typeof FormStateSchema>;

// ------------------------------------------------------------ webview -> extension

export const FromWebviewSchema = z.discriminatedUnion('type', [
  /** The script is up; `state` is what it restored with getState(), if anything. */
  z.strictObject({ type: z.literal('ready'), state: FormStateSchema.optional() }),
  z.strictObject({ type: z.literal('draftChanged'), rev: z.number().int().nonnegative(), draft: FormDraftSchema }),
  /** The only message with a secret value: stored at once, never echoed, logged or kept in state. */
  z.strictObject({ type: z.literal('storeSecret'), field: secretFieldName, name: secretName, value: z.string().min(1).max(10_000) }),
  /** Moves a plain-text secret of the file (read by the extension, never sent) to secret storage under `name`. */
  z.strictObject({ type: z.literal('moveLiteralSecret'), field: secretFieldName, name: secretName }),
  z.strictObject({ type: z.literal('testConnection') }),
  z.strictObject({ type: z.literal('runPreflight') }),
  z.strictObject({ type: z.literal('loadDirectory') }),
  z.strictObject({ type: z.literal('save') }),
  z.strictObject({ type: z.literal('saveAndSubmit') }),
  z.strictObject({ type: z.literal('previewPayload') }),
  /** "Preview scope": what a crawl of the draft covers, read from the database. */
  z.strictObject({ type: z.literal('previewScope') }),
  z.strictObject({ type: z.literal('signIn') }),
  z.strictObject({ type: z.literal('openFile') }),
  /** Drops the form's changes and reads the file again. */
  z.strictObject({ type: z.literal('reloadFromFile') }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;

// ------------------------------------------------------------ extension -> webview

const IssueSchema = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type FormIssue = z.infer<typeof IssueSchema>;

const SessionInfoSchema = z.strictObject({
  signedIn: z.boolean(),
  /** The tenant (host) when signed in, or why not. */
  description: z.string(),
  surface: z.enum(['workflows', 'apps']).optional(),
  /** Workspace trust: sending anything (tests through the tenant, submit) needs it. */
  trusted: z.boolean(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

const CheckStatus = z.enum(['ok', 'failed', 'skipped', 'unreachable']);

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    state: FormStateSchema,
    /** File name for the title; undefined for a new crawler. */
    fileName: z.string().optional(),
    session: SessionInfoSchema,
    /** Secret name -> stored in SecretStorage. */
    secrets: z.record(z.string(), z.boolean()),
    /** Things to tell the user about the file (e.g. it could not be read completely). */
    notes: z.array(z.string()),
  }),
  /** The extension's draft replaced the webview's (a secret moved, the file reloaded, a restore). */
  z.strictObject({ type: z.literal('draftReplaced'), state: FormStateSchema }),
  z.strictObject({ type: z.literal('validation'), rev: z.number().int(), issues: z.array(IssueSchema) }),
  z.strictObject({ type: z.literal('secretStatus'), secrets: z.record(z.string(), z.boolean()) }),
  z.strictObject({ type: z.literal('session'), session: SessionInfoSchema }),
  z.strictObject({
    type: z.literal('directory'),
    roles: z.array(z.string()),
    groups: z.array(z.string()),
    users: z.array(z.string()),
    /** Why the lists are empty or partial (signed out, a failure). */
    note: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal('catalog'),
    databases: z.array(z.strictObject({ database: z.string(), schemas: z.array(z.string()) })),
  }),
  z.strictObject({
    type: z.literal('testResult'),
    results: z.array(z.strictObject({ target: z.enum(['tenant', 'direct']), status: CheckStatus, message: z.string() })),
  }),
  z.strictObject({
    type: z.literal('preflightResult'),
    checks: z.array(z.strictObject({ name: z.string(), ok: z.boolean(), message: z.string() })),
    error: z.string().optional(),
  }),
  z.strictObject({ type: z.literal('busy'), action: z.string(), busy: z.boolean() }),
  z.strictObject({ type: z.literal('saved'), state: FormStateSchema, fileName: z.string() }),
  z.strictObject({ type: z.literal('error'), message: z.string() }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

/** A readable reason a message was refused, naming the path and never echoing values. */
export function describeInvalid(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'invalid message';
  const where = first.path.length > 0 ? first.path.map(String).join('.') : 'message';
  return `${where}: ${first.message}`;
}

export function parseFromWebview(message: unknown): { ok: true; message: FromWebview } | { ok: false; error: string } {
  const parsed = FromWebviewSchema.safeParse(message);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, error: describeInvalid(parsed.error) };
}

export function parseToWebview(message: unknown): { ok: true; message: ToWebview } | { ok: false; error: string } {
  const parsed = ToWebviewSchema.safeParse(message);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, error: describeInvalid(parsed.error) };
}

/** Which form field an issue of the file belongs to ('' = the file as a whole). */
export function fieldKeyOf(path: readonly (string | number)[]): string {
  const [first, second, third] = path;
  if (first === 'extraction') {
    if (second === 'auth') return third === undefined ? 'extraction.auth' : `extraction.auth.${String(third)}`;
    return second === undefined ? 'extraction' : `extraction.${String(second)}`;
  }
  if (first === 'schedule') return second === undefined ? 'schedule' : `schedule.${String(second)}`;
  if (first === undefined) return '';
  return String(first);
}
