/** Fixed facts of Atlan's Postgres crawler package and app (see the reference payloads and app-api.md). */

export const CONNECTOR_NAME = 'postgres';
export const CONNECTOR_CONFIG_NAME = 'atlan-connectors-postgres';
export const PACKAGE_NAME = '@atlan/postgres';
export const PACKAGE_PREFIX = 'atlan-postgres';
export const PACKAGE_LOGO = 'https://www.postgresql.org/media/img/about/press/elephant.png';
export const APP_ID = 'postgres-crawler';
export const APP_ENTRYPOINT = 'crawler';

/** Placeholder the legacy API replaces with the guid of the credential it stores from `payload`. */
export const CREDENTIAL_GUID_PLACEHOLDER = '{{credentialGuid}}';

export const SCHEDULE_ANNOTATION = 'orchestration.atlan.com/schedule';
export const TIMEZONE_ANNOTATION = 'orchestration.atlan.com/timezone';

export function legacyWorkflowName(epoch: number): string {
  return `${PACKAGE_PREFIX}-${epoch}`;
}

export function connectionQualifiedName(epoch: number): string {
  return `default/${CONNECTOR_NAME}/${epoch}`;
}

export function credentialName(epoch: number): string {
  return `default-${CONNECTOR_NAME}-${epoch}-0`;
}

/**
 * The epoch a crawler's names carry: `atlan-postgres-1714638976` (the SDKs' name),
 * `atlan-postgres-default-postgres-1714638976` (the name Atlan's UI gives) and
 * `default/postgres/1714638976` (its connection) -> 1714638976. Other packages' names
 * (`atlan-postgres-miner-1714638976`) have none.
 */
export function epochOf(nameOrQualifiedName: string): number | undefined {
  const match = /(?:^atlan-postgres-(?:default-postgres-)?|^default\/postgres\/)(\d+)$/.exec(nameOrQualifiedName);
  return match ? Number(match[1]) : undefined;
}

/** Labels of the package workflow, as pyatlan's PostgresCrawler sets them. */
export function legacyLabels(epoch: number): Record<string, string> {
  return {
    'orchestration.atlan.com/certified': 'true',
    'orchestration.atlan.com/source': CONNECTOR_NAME,
    'orchestration.atlan.com/sourceCategory': 'database',
    'orchestration.atlan.com/type': 'connector',
    'orchestration.atlan.com/verified': 'true',
    'package.argoproj.io/installer': 'argopm',
    'package.argoproj.io/name': `a-t-ratlans-l-a-s-h${CONNECTOR_NAME}`,
    'package.argoproj.io/registry': 'httpsc-o-l-o-ns-l-a-s-hs-l-a-s-hpackages.atlan.com',
    [`orchestration.atlan.com/default-${CONNECTOR_NAME}-${epoch}`]: 'true',
    'orchestration.atlan.com/atlan-ui': 'true',
    'orchestration.atlan.com/dependentPackage': '',
  };
}

/** Annotations of the package workflow, as pyatlan's PostgresCrawler sets them. */
export function legacyAnnotations(epoch: number): Record<string, string> {
  return {
    'orchestration.atlan.com/allowSchedule': 'true',
    'orchestration.atlan.com/categories': 'postgres,crawler',
    'orchestration.atlan.com/dependentPackage': '',
    'orchestration.atlan.com/docsUrl': 'https://ask.atlan.com/hc/en-us/articles/6329557275793',
    'orchestration.atlan.com/emoji': '\u{1F680}',
    'orchestration.atlan.com/icon': PACKAGE_LOGO,
    'orchestration.atlan.com/logo': PACKAGE_LOGO,
    'orchestration.atlan.com/marketplaceLink': `https://packages.atlan.com/-/web/detail/${PACKAGE_NAME}`,
    'orchestration.atlan.com/name': 'Postgres Assets',
    'package.argoproj.io/author': 'Atlan',
    'package.argoproj.io/description': 'Package to crawl PostgreSQL assets and publish to Atlan for discovery',
    'package.argoproj.io/homepage': `https://packages.atlan.com/-/web/detail/${PACKAGE_NAME}`,
    'package.argoproj.io/keywords': '["postgres","database","sql","connector","crawler"]',
    'package.argoproj.io/name': PACKAGE_NAME,
    'package.argoproj.io/registry': 'https://packages.atlan.com',
    'package.argoproj.io/repository': 'https://github.com/atlanhq/marketplace-packages.git',
    'package.argoproj.io/support': 'support@atlan.com',
    'orchestration.atlan.com/atlanName': `${PACKAGE_PREFIX}-default-${CONNECTOR_NAME}-${epoch}`,
  };
}
