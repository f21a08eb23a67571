/**
 * Which package-workflow templates are Postgres crawlers, whoever created them. Atlan's UI names
 * a crawler `atlan-postgres-default-postgres-<epoch>`, the SDKs `atlan-postgres-<epoch>`; both
 * carry the package's identity, which is what decides (see README, "Finding every crawler").
 */
import type { K8sMetadata } from './models';

/** Label and annotation key argopm stamps on every template installed from a package. */
export const PACKAGE_NAME_KEY = 'package.argoproj.io/name';
/** The annotation's value: the npm name of the Postgres crawler package. */
export const POSTGRES_PACKAGE = '@atlan/postgres';
/** The label's value: argopm's label-safe spelling of `@atlan/postgres` (`@` -> `a-t-r`, `/` -> `s-l-a-s-h`). */
export const POSTGRES_PACKAGE_LABEL = 'a-t-ratlans-l-a-s-hpostgres';
/** The cluster workflow template the crawler's DAG task runs. */
export const POSTGRES_TEMPLATE_REF = 'atlan-postgres';

/**
 * Names Atlan gives Postgres crawlers: the SDKs' `atlan-postgres-<epoch>` and the UI's
 * `atlan-postgres-default-postgres-<epoch>`; never `atlan-postgres-miner-<epoch>`.
 */
export const POSTGRES_CRAWLER_NAME = /^atlan-postgres-(?:default-postgres-)?\d{10}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `templateRef.name` of every DAG task of the template's spec. */
function taskTemplateRefs(spec: unknown): string[] {
  const refs: string[] = [];
  if (!isRecord(spec) || !Array.isArray(spec.templates)) return refs;
  for (const template of spec.templates) {
    if (!isRecord(template) || !isRecord(template.dag) || !Array.isArray(template.dag.tasks)) continue;
    for (const task of template.dag.tasks) {
      if (isRecord(task) && isRecord(task.templateRef) && typeof task.templateRef.name === 'string') refs.push(task.templateRef.name);
    }
  }
  return refs;
}

/**
 * True when the template is a Postgres crawler. Every piece of package identity it carries must
 * agree (label, annotation, DAG task template): one that names another package, the Postgres
 * miner included, rules it out, so a tenant that ignores part of the search cannot slip one in.
 * A template that carries none of them (a trimmed or old document) is judged by its name.
 */
export function isPostgresCrawlerTemplate(doc: { metadata: Pick<K8sMetadata, 'name' | 'labels' | 'annotations'>; spec?: unknown }): boolean {
  const label = doc.metadata.labels?.[PACKAGE_NAME_KEY];
  const annotation = doc.metadata.annotations?.[PACKAGE_NAME_KEY];
  const refs = taskTemplateRefs(doc.spec);
  if (label !== undefined && label !== null && label !== POSTGRES_PACKAGE_LABEL) return false;
  if (annotation !== undefined && annotation !== null && annotation !== POSTGRES_PACKAGE) return false;
  if (refs.length > 0 && !refs.includes(POSTGRES_TEMPLATE_REF)) return false;
  if (label || annotation || refs.length > 0) return true;
  return POSTGRES_CRAWLER_NAME.test(doc.metadata.name);
}

/** The UI's name for a crawler: `atlan-postgres-` and its connection's qualified name, dashed. */
const UI_NAME = /^atlan-postgres-default-postgres-(\d{10})$/;
/** The SDKs' name for a crawler: `atlan-postgres-` and the second the crawler was built in. */
const SDK_NAME = /^atlan-postgres-(\d{10})$/;
/** The label argopm-made crawlers carry, `orchestration.atlan.com/default-postgres-<epoch>`. */
const EPOCH_LABEL = /^orchestration\.atlan\.com\/default-postgres-(\d{10})$/;
/** The annotation naming the crawler the way Atlan's UI does (`atlan-postgres-default-postgres-<epoch>`). */
const ATLAN_NAME_ANNOTATION = 'orchestration.atlan.com/atlanName';

/** The second a crawler's connection was made in, as far as the crawler's identity tells it. */
export interface IdentityEpoch {
  /** Seconds since 1970. */
  epoch: number;
  /**
   * True when the connection's qualified name is `default/postgres/<epoch>` itself; false when
   * `epoch` is the crawler's own second and the connection's is that one or the next.
   */
  exact: boolean;
}

/**
 * The epoch of the connection a Postgres crawler template makes, told by the crawler's identity
 * rather than its `connection` parameter (for a template whose parameter cannot be read).
 * Atlan's UI names a crawler after its connection, so a UI name is exact. The SDKs stamp their
 * own clock reading on the name, the `default-postgres-<epoch>` label and the `atlanName`
 * annotation alike, and read the clock again for the connection when the workflow is built
 * (pyatlan `AbstractCrawler._epoch`, then `Connection.creator` in `to_workflow`): the
 * connection's second is that one or the next. Undefined when none of them holds an epoch.
 */
export function connectionEpochFromIdentity(doc: { metadata: Pick<K8sMetadata, 'name' | 'labels' | 'annotations'> }): IdentityEpoch | undefined {
  const { name, labels, annotations } = doc.metadata;
  const fromUiName = UI_NAME.exec(name)?.[1];
  if (fromUiName !== undefined) return { epoch: Number(fromUiName), exact: true };
  const fromLabel = Object.keys(labels ?? {})
    .map((key) => EPOCH_LABEL.exec(key)?.[1])
    .find((epoch) => epoch !== undefined);
  const atlanName = annotations?.[ATLAN_NAME_ANNOTATION];
  const fromAnnotation = typeof atlanName === 'string' ? UI_NAME.exec(atlanName)?.[1] : undefined;
  const epoch = SDK_NAME.exec(name)?.[1] ?? fromLabel ?? fromAnnotation;
  return epoch === undefined ? undefined : { epoch: Number(epoch), exact: false };
}

/** `default/postgres/<epoch>`: the qualified name of a Postgres connection made in that second. */
export function postgresConnectionQualifiedName(epoch: number): string {
  return `default/postgres/${epoch}`;
}

/** The epoch of a `default/postgres/<epoch>` qualified name; undefined for any other. */
export function epochOfPostgresConnection(qualifiedName: string): number | undefined {
  const epoch = /^default\/postgres\/(\d+)$/.exec(qualifiedName)?.[1];
  return epoch === undefined ? undefined : Number(epoch);
}

/**
 * The qualified name of the connection a crawler template makes, when its identity says it
 * exactly (a UI-named crawler); undefined otherwise: a listing shows what it read, never a guess.
 */
export function connectionQualifiedNameFromIdentity(doc: { metadata: Pick<K8sMetadata, 'name' | 'labels' | 'annotations'> }): string | undefined {
  const told = connectionEpochFromIdentity(doc);
  return told?.exact ? postgresConnectionQualifiedName(told.epoch) : undefined;
}

/**
 * What tells the connection of a crawler whose connection name could not be read (an old UI-made
 * one, whose `connection` parameter is plain text): the qualified name its parameter or UI name
 * gives (`knownQualifiedName`), else the two seconds its SDK-style identity allows. Undefined when
 * nothing tells it. The duplicate guard and the plan match Connection assets by this one rule.
 */
export function connectionClue(
  identity: { metadata: Pick<K8sMetadata, 'name' | 'labels' | 'annotations'> },
  knownQualifiedName: string | undefined,
): ((qualifiedName: string) => boolean) | undefined {
  if (knownQualifiedName !== undefined) return (qualifiedName) => qualifiedName === knownQualifiedName;
  const told = connectionEpochFromIdentity(identity);
  if (told === undefined) return undefined;
  return (qualifiedName) => {
    const epoch = epochOfPostgresConnection(qualifiedName);
    return epoch !== undefined && epoch >= told.epoch && epoch <= told.epoch + (told.exact ? 0 : 1);
  };
}
