/** HTTP routes of the legacy surface: package workflows, runs, schedules, credential test, searches. */
import type { CrawlerPort } from '../crawlerPort';
import { CredentialBody, redact, secretValues, toPostgresCredential } from '../credentials';
import { SandboxHttpError } from '../http/errors';
import type { Route } from '../http/router';
import { parseOr400 } from '../http/validate';
import { executeSearch } from '../search/search';
import type { TenantState } from '../state/tenant';
import type { LegacyService } from './legacyService';

export interface LegacyRouteDeps {
  service: LegacyService;
  tenant: TenantState;
  crawler: () => CrawlerPort;
  now: () => number;
}

export function legacyRoutes({ service, tenant, crawler, now }: LegacyRouteDeps): Route[] {
  const routes: Route[] = [
    // Both kinds of caller search the same indexes.
    { method: 'POST', pattern: 'workflows/indexsearch', surface: 'legacy', handler: (c) => ({ body: executeSearch(tenant.workflows, c.body, now()) }) },
    { method: 'POST', pattern: 'runs/indexsearch', surface: 'legacy', handler: (c) => ({ body: executeSearch(tenant.runs, c.body, now()) }) },
    { method: 'GET', pattern: 'runs/cron', surface: 'legacy', handler: () => ({ body: service.crons() }) },
    { method: 'GET', pattern: 'runs/cron/:name', surface: 'legacy', handler: (c) => ({ body: service.cron(c.params['name'] ?? '') }) },
    { method: 'POST', pattern: 'runs/:name/stop', surface: 'legacy', handler: (c) => ({ body: service.stop(c.params['name'] ?? '', c.identity) }) },
    {
      method: 'POST',
      pattern: 'credentials/test',
      // The credentials service is not part of the package-workflow API: tenants on either surface have it.
      surface: 'common',
      handler: async (c) => {
        const body = parseOr400(CredentialBody, c.body, 'credential');
        const secrets = secretValues(body);
        let outcome;
        try {
          outcome = await crawler().testPostgresCredential(toPostgresCredential(body));
        } catch (err) {
          // Becomes a logged 500; make sure the log cannot carry the password.
          throw new Error(redact(err instanceof Error ? err.message : String(err), secrets));
        }
        if (outcome.ok) return { body: { message: 'successful' } };
        // A well-formed credential that cannot connect is still a 200: the SDK reads `message`.
        return { body: { code: 400, error: 'Bad Request', message: redact(outcome.message, secrets) } };
      },
    },
  ];
  // Same operations, one family per kind of caller: API tokens on workflows, users on package-workflows.
  for (const [prefix, family] of [
    ['workflows', 'token'],
    ['package-workflows', 'user'],
  ] as const) {
    routes.push(
      {
        method: 'POST',
        pattern: prefix,
        surface: 'legacy',
        family,
        handler: (c) => {
          const submit = c.query.get('submit');
          if (submit !== null && submit !== 'true' && submit !== 'false') {
            throw new SandboxHttpError(400, `Query parameter 'submit' must be true or false, got '${submit}'.`);
          }
          return { body: service.create(c.body, c.identity, submit === 'true') };
        },
      },
      { method: 'POST', pattern: `${prefix}/submit`, surface: 'legacy', family, handler: (c) => ({ body: service.rerun(c.body, c.identity) }) },
      { method: 'POST', pattern: `${prefix}/:name/archive`, surface: 'legacy', family, handler: (c) => ({ body: service.archive(c.params['name'] ?? '') }) },
      { method: 'POST', pattern: `${prefix}/:name`, surface: 'legacy', family, handler: (c) => ({ body: service.update(c.params['name'] ?? '', c.body) }) },
    );
  }
  return routes;
}
