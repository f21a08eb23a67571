/** HTTP routes of the App API surface. */
import type { Route } from '../http/router';
import type { AppService } from './appService';
import { checkAppAndEntrypoint } from './appService';
import { APP_INFO, inputContract } from './contract';

export function appRoutes(service: AppService): Route[] {
  const p = (c: { params: Record<string, string> }, name: string): string => c.params[name] ?? '';
  return [
    {
      method: 'GET',
      pattern: 'v1/apps/:appId',
      surface: 'apps',
      handler: (c) => {
        checkAppAndEntrypoint(p(c, 'appId'), undefined);
        return { body: APP_INFO };
      },
    },
    {
      method: 'GET',
      pattern: 'v1/apps/:appId/inputs',
      surface: 'apps',
      handler: (c) => {
        checkAppAndEntrypoint(p(c, 'appId'), c.query.get('entrypoint') ?? undefined);
        return { body: inputContract() };
      },
    },
    { method: 'POST', pattern: 'v1/app', surface: 'apps', handler: (c) => ({ body: service.create(c.body, c.identity) }) },
    { method: 'GET', pattern: 'v1/app', surface: 'apps', handler: (c) => ({ body: service.list(c.query) }) },
    { method: 'GET', pattern: 'v1/app/runs/:runId', surface: 'apps', handler: (c) => ({ body: service.getRun(p(c, 'runId')) }) },
    { method: 'POST', pattern: 'v1/app/runs/:runId/cancel', surface: 'apps', handler: (c) => ({ body: service.cancel(p(c, 'runId')) }) },
    { method: 'GET', pattern: 'v1/app/:slug', surface: 'apps', handler: (c) => ({ body: service.get(p(c, 'slug')) }) },
    { method: 'PUT', pattern: 'v1/app/:slug', surface: 'apps', handler: (c) => ({ body: service.update(p(c, 'slug'), c.body) }) },
    { method: 'DELETE', pattern: 'v1/app/:slug', surface: 'apps', handler: (c) => ({ body: service.delete(p(c, 'slug')) }) },
    { method: 'POST', pattern: 'v1/app/:slug/submit', surface: 'apps', handler: (c) => ({ body: service.submit(p(c, 'slug'), c.identity) }) },
    { method: 'POST', pattern: 'v1/app/:slug/schedule', surface: 'apps', handler: (c) => ({ body: service.addSchedule(p(c, 'slug'), c.body) }) },
    {
      method: 'DELETE',
      pattern: 'v1/app/:slug/schedule/:triggerId',
      surface: 'apps',
      handler: (c) => ({ body: service.removeSchedule(p(c, 'slug'), p(c, 'triggerId')) }),
    },
  ];
}
