/**
 * The pure steps of submitting a configuration, shared by the CLI's `submit` and the extension's
 * Submit command: resolve secrets and admin role ids, build for the tenant's surface, look for
 * workflows a create would duplicate, then create. Prompts and flags stay with the callers.
 */
import type { BuiltCrawler, CallOptions, CrawlerBackend, CrawlerWorkflow, CreatedCrawler } from '../atlan/backend';
import type { CrawlerConfig } from '../config/model';
import { resolveSecrets, type SecretLookup } from '../config/secrets';
import { buildCrawler } from '../workflow/build';

/** The part of AtlanClient a submission needs (an interface, so tests can stand in for it). */
export interface RoleResolver {
  resolveRoleIds(names: readonly string[], options?: CallOptions): Promise<string[]>;
}

export interface SubmissionInput {
  /** An already validated configuration (parseConfig without errors). */
  config: CrawlerConfig;
  client: RoleResolver;
  backend: CrawlerBackend;
  lookupSecret: SecretLookup;
  /** Milliseconds since 1970; names the new workflow and connection. Default Date.now. */
  now?: () => number;
  /** How to tell the user where to set a missing secret (default: the CLI's environment variable). */
  whereToSetSecret?: (name: string) => string;
  signal?: AbortSignal;
  /** Told as each step starts, for progress messages. */
  onStage?: (stage: SubmissionStage) => void;
}

/** The steps of prepareSubmission that ask the tenant (resolving secrets is local and quick). */
export type SubmissionStage = 'resolvingAdmins' | 'checkingDuplicates';

export interface RecordedWorkflow {
  /** The `workflow` property of the file. */
  name: string;
  /** Whether the tenant has it; false when deleted or when the file was submitted to another tenant. */
  found: boolean;
}

export interface PreparedSubmission {
  config: CrawlerConfig;
  /** Ready to send; holds secret values, so never log or show it (redactCrawler first). */
  built: BuiltCrawler;
  adminRoleIds: string[];
  /**
   * Workflows a create would duplicate: the one the file records, and every workflow of the same
   * connection name. Deduplicated by name.
   */
  duplicates: CrawlerWorkflow[];
  /** Set when the file records a workflow, found on the tenant or not. */
  recorded?: RecordedWorkflow;
  /** Seconds since 1970 the workflow was built with. */
  epoch: number;
}

/** Resolves secrets, then role ids, builds for `backend.surface`, and finds what a create would duplicate. */
export async function prepareSubmission(input: SubmissionInput): Promise<PreparedSubmission> {
  const { config, backend, signal } = input;
  const options = signal ? { signal } : {};
  const secrets = await resolveSecrets(config, input.lookupSecret, input.whereToSetSecret ? { whereToSet: input.whereToSetSecret } : {});
  input.onStage?.('resolvingAdmins');
  const adminRoleIds = await input.client.resolveRoleIds(config.admins.roles ?? [], options);
  let epoch = Math.floor((input.now ?? Date.now)() / 1000);
  // Pure and local: a configuration the surface cannot express fails before any look-up.
  let built = buildCrawler(config, { epoch, adminRoleIds, secrets }, backend.surface);
  input.onStage?.('checkingDuplicates');
  // Legacy workflows are named after the second they were built in: two creates in one second
  // would collide. Take the next free second instead of failing the second create.
  for (let tries = 0; built.surface === 'workflows' && tries < 5 && (await backend.getWorkflow(built.workflow.metadata.name, options)); tries++) {
    epoch++;
    built = buildCrawler(config, { epoch, adminRoleIds, secrets }, backend.surface);
  }

  const duplicates = new Map<string, CrawlerWorkflow>();
  let recorded: RecordedWorkflow | undefined;
  if (config.workflow !== undefined) {
    const existing = await backend.getWorkflow(config.workflow, options);
    recorded = { name: config.workflow, found: existing !== undefined };
    if (existing) duplicates.set(existing.name, existing);
  }
  for (const workflow of await backend.findByConnectionName(config.connectionName, options)) duplicates.set(workflow.name, workflow);
  return { config, built, adminRoleIds, duplicates: [...duplicates.values()], ...(recorded ? { recorded } : {}), epoch };
}

/** A create refused because it would duplicate an existing workflow's connection and assets. */
export class DuplicateWorkflowError extends Error {
  override readonly name = 'DuplicateWorkflowError';
  constructor(readonly prepared: PreparedSubmission) {
    super(duplicateWarning(prepared) ?? 'this configuration was already submitted');
  }
}

/**
 * Why creating this configuration again is a mistake, in words for a person (no advice: the
 * callers add theirs, a flag or a modal button); undefined when nothing stands in the way.
 */
export function duplicateWarning(prepared: PreparedSubmission): string | undefined {
  const { recorded, duplicates, config } = prepared;
  if (!recorded && duplicates.length === 0) return undefined;
  const parts: string[] = [];
  if (recorded?.found) parts.push(`the file records workflow ${recorded.name}, which exists on the tenant`);
  if (recorded && !recorded.found) {
    parts.push(`the file records workflow ${recorded.name}, which this tenant does not have (deleted, or submitted to another tenant)`);
  }
  const others = duplicates.filter((w) => w.name !== recorded?.name).map((w) => w.name);
  if (others.length > 0) {
    parts.push(`the tenant already has ${others.length === 1 ? 'workflow' : 'workflows'} ${others.join(', ')} for connection "${config.connectionName}"`);
  }
  const text = parts.join('; ');
  return duplicates.length > 0 ? `${text}. Creating it again makes a second connection and duplicates every asset it crawls` : text;
}

export interface SubmitOptions extends CallOptions {
  /** Start the first run with the create. Default true. */
  run?: boolean;
  /** Create even though `duplicateWarning` objects (the user confirmed). Default false. */
  createAnyway?: boolean;
}

/**
 * Creates (and by default runs) the prepared workflow. Refuses with DuplicateWorkflowError when
 * the preparation found something it would duplicate, unless `createAnyway`.
 */
export async function submitPrepared(backend: CrawlerBackend, prepared: PreparedSubmission, options: SubmitOptions = {}): Promise<CreatedCrawler> {
  if (!options.createAnyway && duplicateWarning(prepared) !== undefined) throw new DuplicateWorkflowError(prepared);
  if (prepared.built.surface !== backend.surface) {
    throw new Error(`the crawler was built for the ${prepared.built.surface} surface, but the backend is ${backend.surface}; prepare it again`);
  }
  return backend.create(prepared.built, { run: options.run ?? true, ...(options.signal ? { signal: options.signal } : {}) });
}
