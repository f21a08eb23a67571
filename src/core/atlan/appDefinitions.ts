/**
 * An App workflow's stored definition, and the bodies this client sent (create, update) that stand
 * in for it when the tenant's get has no inputs (the SDK's own example has none). Sent bodies are
 * kept with only the identity of the inline credential (never a secret) and handed to `onChange`,
 * to outlive the session per tenant.
 */
import type { AppCreateBody, CallOptions, StoredDefinition } from './backend';
import { InvalidArgumentError } from './errors';
import type { AppSummary } from './models';
import { REDACTED } from './redact';
import { isRecord, POSTGRES_APP_ID, storedInputs } from './appMapping';
import type { AppSchedules } from './appSchedules';
import type { AppWorkflows } from './appWorkflows';

/** A body this client sent (create or update), without its inline credential, and when (RFC 3339). */
export interface SentBody {
  body: AppCreateBody;
  at: string;
}

/** Credential fields that identify it; anything else (a password, a secret key) is never kept. */
const CREDENTIAL_IDENTITY = ['authType', 'name', 'connectorConfigName', 'connectorType', 'host', 'port', 'username'] as const;
const CREDENTIAL_EXTRA_IDENTITY = ['database', 'username', 'aws_region', 'aws_role_arn'] as const;
/** Secret fields whose presence matters to a comparison (an optional external id): kept as a marker. */
const CREDENTIAL_EXTRA_SECRETS = ['aws_external_id'] as const;

/** The inline credential without its secrets: the fields that say which credential it is, by a whitelist. */
export function credentialIdentity(credential: unknown): Record<string, unknown> | undefined {
  if (!isRecord(credential)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const key of CREDENTIAL_IDENTITY) if (isPlain(credential[key])) kept[key] = credential[key];
  if (isRecord(credential.extra)) {
    const extra: Record<string, unknown> = {};
    for (const key of CREDENTIAL_EXTRA_IDENTITY) if (isPlain(credential.extra[key])) extra[key] = credential.extra[key];
    for (const key of CREDENTIAL_EXTRA_SECRETS) if (credential.extra[key] !== undefined) extra[key] = REDACTED;
    kept.extra = extra;
  }
  return kept;
}

function isPlain(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

export class AppDefinitions {
  /** slug -> the body this client last created or updated the workflow with (no inline credential), for a get without inputs. */
  private readonly sentBodies = new Map<string, SentBody>();

  constructor(
    private readonly workflows: AppWorkflows,
    private readonly schedules: AppSchedules,
    /** Told after this client records a body it sent. */
    private readonly onChange: (known: Record<string, SentBody>) => void,
  ) {}

  /** Bodies sent in earlier sessions. */
  rememberSent(known: Readonly<Record<string, SentBody>>): void {
    for (const [slug, sent] of Object.entries(known)) this.sentBodies.set(slug, sent);
  }

  recordSent(slug: string, body: AppCreateBody, at: string): void {
    // The inline credential holds the secret the tenant vaulted: only what identifies it is kept,
    // so a comparison with this body still compares host, port, database, user and auth type. An
    // update keeps the stored credential (no inline one): what the create sent still describes it.
    const { credential, ...rest } = body.inputs;
    const previous = this.sentBodies.get(slug)?.body.inputs;
    const sameCredential = previous !== undefined && (!previous.credential_guid || previous.credential_guid === rest.credential_guid);
    const identity = credential !== undefined ? credentialIdentity(credential) : sameCredential ? previous.credential : undefined;
    const inputs = identity !== undefined ? { ...rest, credential: identity } : rest;
    const kept: AppCreateBody = { app_id: body.app_id, name: body.name, inputs, ...(body.entrypoint ? { entrypoint: body.entrypoint } : {}) };
    this.sentBodies.set(slug, { body: kept, at });
    this.onChange(Object.fromEntries(this.sentBodies));
  }

  /**
   * The stored inputs, from `GET v1/app/{slug}` (`inputs`, or the list's `dag.extract.inputs`), and
   * the first known schedule (the tenant's, or one this client attached) as the body's `schedule`,
   * so a workflow created with a schedule does not drift on it. The SDK's own get has no inputs:
   * then the list item's DAG (`GET v1/app?name=`, one more request), else the body this client
   * created or last updated it with, each with a `caveat` saying so; with neither, an error that
   * says what is missing and what can still be done.
   */
  async get(slug: string, options?: CallOptions): Promise<StoredDefinition> {
    const summary = await this.workflows.requireSummary(slug, options);
    const schedule = this.schedules.of(slug, summary)[0];
    const found = await this.source(slug, summary, options);
    return {
      surface: 'apps',
      body: {
        app_id: summary.app_id ?? POSTGRES_APP_ID,
        name: summary.name ?? found.name ?? slug,
        inputs: found.inputs,
        ...(found.entrypoint ? { entrypoint: found.entrypoint } : {}),
        ...(schedule ? { schedule: { cron: schedule.cron, timezone: schedule.timezone } } : {}),
      },
      ...(found.caveat ? { caveat: found.caveat } : {}),
    };
  }

  /** Where the definition's inputs come from: the get, the list item's DAG, or the body this client sent. */
  private async source(
    slug: string,
    summary: AppSummary,
    options?: CallOptions,
  ): Promise<{ inputs: Record<string, unknown>; entrypoint?: string; name?: string; caveat?: string }> {
    const stored = storedInputs(summary);
    if (stored) return stored;
    const origin = this.workflows.http.origin;
    const missing = `Atlan's answer for workflow ${slug} (GET v1/app/${slug}) does not include its inputs`;
    if (summary.name) {
      const item = (await this.workflows.findByName(summary.name, options)).find((w) => w.slug === slug);
      const listed = item ? storedInputs(item) : undefined;
      if (listed) return { ...listed, caveat: `${missing}; its definition was read from the workflow list instead (the item's DAG).` };
    }
    const sent = this.sentBodies.get(slug);
    if (sent) {
      return {
        inputs: sent.body.inputs,
        ...(sent.body.entrypoint ? { entrypoint: sent.body.entrypoint } : {}),
        name: sent.body.name,
        caveat:
          `${missing}, nor does the workflow list; this is the definition this client sent on ${sent.at}. ` +
          'Changes made in Atlan since then are not known, so the comparison may miss them.',
      };
    }
    // Not a malformed answer (the SDK's own get has no inputs): say what is missing and what still works.
    throw new InvalidArgumentError(
      origin,
      `On ${origin}, ${missing}, nor does the workflow list, and this client did not create it, so its definition is not known. ` +
        'To manage it from a file, write a configuration for its connection by hand and update the workflow from it (an update replaces the inputs); ' +
        'rerunning it works as before.',
    );
  }
}
