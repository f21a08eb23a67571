/**
 * The sandbox tenant as a request handler: wires state, engine, services and routes together and
 * runs every request through faults -> auth -> surface -> family -> body -> handler, answering
 * errors in Atlan's shape. `server.ts` puts it on a socket.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { z } from 'zod';
import { handleAdmin, type AdminDeps } from './admin/adminRoutes';
import { appRoutes } from './apps/routes';
import { AppService } from './apps/appService';
import { AppCatalog, APP_TYPES } from './assets/appCatalog';
import { CrawlCatalog, SyntheticCatalogRequest, syntheticCrawl } from './assets/crawlCatalog';
import { parseOr400 } from './http/validate';
import { indexSearch } from './assets/indexSearch';
import { authenticate, wrongFamilyMessage, type SandboxTokens } from './auth';
import type { CrawlerPort } from './crawlerPort';
import { uncappedAbortController } from './uncappedAbort';
import { toPostgresCredential, secretValues } from './credentials';
import { currentUser, GROUPS, pagedList, ROLES, USERS, whoami } from './directory';
import { FaultInjector, type FaultRule, type FaultRuleIn } from './faults';
import { parseJsonBody, readRawBody } from './http/body';
import { atlanErrorBody, reasonPhrase, SandboxHttpError } from './http/errors';
import { Router, type Route } from './http/router';
import { LegacyService } from './legacy/legacyService';
import { legacyRoutes } from './legacy/routes';
import { RequestLog } from './requestLog';
import { ScaledClock } from './runs/clock';
import { RunEngine } from './runs/runEngine';
import { QueryError } from './search/queryError';
import type { SandboxSettings } from './settings';
import { seedTenant, type SeedSummary } from './state/seed';
import { TenantState } from './state/tenant';
import { isWorkflowPagePath, workflowPage } from './ui/workflowPages';

/** Heracles (workflows, runs, App API, people) and the metastore (asset search), as pyatlan's EndPoint names them. */
const API_PREFIX = '/api/service/';
const META_PREFIX = '/api/meta/';
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** Retry-After of an injected 429 whose rule gives none. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

export interface SandboxAppOptions {
  tokens: SandboxTokens;
  clockSpeed: number;
  settings: SandboxSettings;
  crawler: CrawlerPort;
  faults: z.output<typeof FaultRuleIn>[];
  log: (line: string) => void;
  /** Called after any change worth persisting. */
  changed: () => void;
}

const FAULT_MESSAGES: Record<number, string> = {
  401: 'Injected fault: the bearer token was rejected.',
  403: 'Injected fault: you do not have permission to perform this action.',
  404: 'Injected fault: the requested resource was not found.',
  409: 'Injected fault: the request conflicts with the current state.',
  429: 'Injected fault: rate limit exceeded, slow down.',
  500: 'Injected fault: internal server error.',
  503: 'Injected fault: the service is temporarily unavailable.',
};

export class SandboxApp {
  readonly tenant = new TenantState();
  readonly clock: ScaledClock;
  readonly engine: RunEngine;
  readonly faults = new FaultInjector();
  readonly requestLog = new RequestLog();
  readonly legacy: LegacyService;
  readonly apps: AppService;
  /** Keeps the catalog's App workflow and run assets in step with the App API. */
  readonly appCatalog: AppCatalog;
  /** Publishes what crawls find as Database, Schema, Table... assets. */
  readonly crawlCatalog: CrawlCatalog;
  private readonly router = new Router();
  private readonly metaRouter = new Router();
  /** Ends delayed (fault-injected) answers at stop. One listener per delayed request: no cap. */
  private readonly shutdown = uncappedAbortController();

  constructor(private readonly options: SandboxAppOptions) {
    this.clock = new ScaledClock(options.clockSpeed);
    this.engine = new RunEngine({
      clock: this.clock,
      crawler: () => options.crawler,
      credential: (guid) => {
        const stored = this.tenant.vault.get(guid);
        return stored && { credential: toPostgresCredential(stored.body), secrets: secretValues(stored.body) };
      },
      log: options.log,
      publish: (connection, found) => {
        this.crawlCatalog.publish(connection, found);
        options.changed();
      },
    });
    const now = (): number => this.clock.now();
    this.crawlCatalog = new CrawlCatalog({ assets: this.tenant.assets, now });
    this.legacy = new LegacyService({
      tenant: this.tenant,
      engine: this.engine,
      now,
      indexLagMs: () => options.settings.indexLagMs,
      changed: options.changed,
      catalogConnection: (connection) => this.crawlCatalog.catalogConnection(connection),
    });
    this.appCatalog = new AppCatalog({
      assets: this.tenant.assets,
      apps: this.tenant.apps,
      runs: this.tenant.appRuns,
      now,
      indexLagMs: () => options.settings.indexLagMs,
    });
    this.apps = new AppService({
      tenant: this.tenant,
      engine: this.engine,
      now,
      changed: options.changed,
      catalog: this.appCatalog,
      sluglessItems: () => options.settings.appListSlugless ?? 0,
    });
    for (const rule of options.faults) this.faults.add(rule);
    this.router.add(...this.commonRoutes(), ...legacyRoutes({ service: this.legacy, tenant: this.tenant, crawler: () => options.crawler, now }), ...appRoutes(this.apps));
    this.metaRouter.add({
      method: 'POST',
      pattern: 'search/indexsearch',
      // Every tenant has the metastore, whichever workflow API it runs.
      surface: 'common',
      handler: (c) => ({
        body: indexSearch(this.tenant.assets, c.body, { now: now(), hiddenTypes: options.settings.appAssets === false ? APP_TYPES : [] }),
      }),
    });
  }

  get settings(): SandboxSettings {
    return this.options.settings;
  }

  seed(request: unknown): SeedSummary {
    const summary = seedTenant(
      { tenant: this.tenant, legacy: this.legacy, apps: this.apps, catalog: this.appCatalog, now: () => this.clock.now(), surfaces: this.settings.surfaces },
      request,
    );
    this.options.changed();
    return summary;
  }

  reset(): void {
    this.engine.abandonAll();
    this.engine.clearCrawls();
    this.tenant.clear();
    this.faults.clear();
    this.requestLog.clear();
    this.options.changed();
  }

  dispose(): void {
    this.shutdown.abort();
    this.engine.dispose();
    this.clock.dispose();
  }

  private commonRoutes(): Route[] {
    return [
      { method: 'GET', pattern: 'whoami', surface: 'common', handler: (c) => ({ body: whoami(c.identity) }) },
      { method: 'GET', pattern: 'users/current', surface: 'common', handler: (c) => ({ body: currentUser(c.identity) }) },
      { method: 'GET', pattern: 'users', surface: 'common', handler: (c) => ({ body: pagedList(USERS, c.query, 'username') }) },
      { method: 'GET', pattern: 'roles', surface: 'common', handler: (c) => ({ body: pagedList(ROLES, c.query, 'name') }) },
      { method: 'GET', pattern: 'v2/groups', surface: 'common', handler: (c) => ({ body: pagedList(GROUPS, c.query, 'name') }) },
    ];
  }

  /** Handles one HTTP request; never throws. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    let path = '/';
    let query = new URLSearchParams();
    let status = 500;
    let fault: FaultRule | undefined;
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      path = url.pathname;
      query = url.searchParams;
      if (path.startsWith('/_sandbox/')) {
        status = await this.handleAdminRequest(req, res, method, path, query);
        return;
      }
      // What "Open in Atlan" opens in a browser, which sends no token.
      if (method === 'GET' && isWorkflowPagePath(path)) {
        status = this.sendPage(res, workflowPage(this.tenant, path, query));
        return;
      }
      fault = this.faults.take(method, path);
      if (fault) {
        const answered = await this.applyFault(fault, res);
        if (answered !== undefined) {
          status = answered;
          return;
        }
      }
      status = await this.handleApi(req, res, method, path, query);
    } catch (err) {
      status = this.sendError(res, err, method, path);
    } finally {
      // The log is of API traffic (tests count it); admin calls and pages for a browser are not.
      if (!path.startsWith('/_sandbox/') && !(method === 'GET' && isWorkflowPagePath(path))) {
        this.requestLog.add({
          at: new Date(started).toISOString(),
          method,
          path,
          query: query.toString(),
          status,
          ...(fault ? { fault: fault.id } : {}),
          durationMs: Date.now() - started,
        });
      }
    }
  }

  /** Applies a fault rule; returns the status it answered with, or undefined to carry on (delay only). */
  private async applyFault(fault: FaultRule, res: ServerResponse): Promise<number | undefined> {
    if (fault.delayMs) {
      try {
        await delay(fault.delayMs, undefined, { signal: this.shutdown.signal });
      } catch {
        res.destroy();
        return 0;
      }
    }
    if (fault.reset) {
      res.socket?.resetAndDestroy();
      return 0;
    }
    if (fault.status) {
      // A 429 always says when to come back, as Atlan's rate limiter does: 1 s unless the rule says otherwise.
      const retryAfter = fault.retryAfter ?? (fault.status === 429 ? DEFAULT_RETRY_AFTER_SECONDS : undefined);
      const headers: Record<string, string> = retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {};
      throw new SandboxHttpError(fault.status, FAULT_MESSAGES[fault.status] ?? 'Injected fault.', {}, { headers });
    }
    if (fault.malformedJson) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hits": {"total": {"value": 1, "relation": "eq"}, "hits": [{"_id": ');
      return 200;
    }
    return undefined;
  }

  private async handleApi(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<number> {
    const identity = authenticate(req.headers.authorization, this.options.tokens);
    if (!identity) {
      throw new SandboxHttpError(401, req.headers.authorization ? 'Unauthorized: the bearer token is not valid for this tenant.' : 'Unauthorized: send an Authorization: Bearer <API token> header.');
    }
    const prefix = [API_PREFIX, META_PREFIX].find((p) => path.startsWith(p));
    if (!prefix) throw new SandboxHttpError(404, `No endpoint ${method} ${path}: Atlan APIs live under ${API_PREFIX} and ${META_PREFIX}.`);
    const apiPath = path.slice(prefix.length);
    const match = (prefix === META_PREFIX ? this.metaRouter : this.router).match(method, apiPath);
    if (match.kind === 'none') throw new SandboxHttpError(404, `No endpoint ${method} ${path} on this tenant.`);
    const surface = match.kind === 'found' ? match.route.surface : match.surface;
    const surfaces = this.settings.surfaces;
    if ((surface === 'legacy' && surfaces === 'apps') || (surface === 'apps' && surfaces === 'legacy')) {
      throw new SandboxHttpError(404, `No endpoint ${method} ${path} on this tenant (it does not run the ${surface === 'apps' ? 'App API' : 'package-workflow API'}).`);
    }
    if (match.kind === 'method-not-allowed') {
      throw new SandboxHttpError(405, `Method ${method} is not allowed on ${path}; use ${match.allowed.join(' or ')}.`, {}, { headers: { allow: match.allowed.join(', ') } });
    }
    const { route, params } = match;
    if ((route.family === 'token' && identity.kind !== 'api-token') || (route.family === 'user' && identity.kind === 'api-token')) {
      throw new SandboxHttpError(403, wrongFamilyMessage(identity, apiPath));
    }
    const body = parseJsonBody(await readRawBody(req), req.headers['content-type']);
    const result = await route.handler({ req, method, path: apiPath, query, params, body, identity });
    const status = result.status ?? 200;
    this.send(res, status, result.body, result.headers);
    return status;
  }

  private async handleAdminRequest(req: IncomingMessage, res: ServerResponse, method: string, path: string, query: URLSearchParams): Promise<number> {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw new SandboxHttpError(403, 'The sandbox admin API answers loopback clients only.');
    const body = parseJsonBody(await readRawBody(req), req.headers['content-type']);
    const deps: AdminDeps = {
      tenant: this.tenant,
      faults: this.faults,
      log: this.requestLog,
      clock: this.clock,
      engine: this.engine,
      settings: this.settings,
      seed: (r) => this.seed(r),
      createUiCrawler: (r) => this.legacy.createUiCrawler(r),
      reset: () => this.reset(),
      changed: this.options.changed,
      startAppRun: (r) => this.apps.submitOnBehalf(r),
      publishCatalog: (r) => {
        const request = parseOr400(SyntheticCatalogRequest, r, 'catalog request');
        return this.crawlCatalog.publish({ qualifiedName: request.connectionQualifiedName, ...(request.connectionName ? { name: request.connectionName } : {}) }, syntheticCrawl(request));
      },
    };
    const result = handleAdmin(deps, method, path, query, body);
    this.send(res, 200, result.body);
    return 200;
  }

  private sendPage(res: ServerResponse, page: { status: number; html: string }): number {
    res.writeHead(page.status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page.html),
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(page.html);
    return page.status;
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body ?? {});
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  /** Answers an error in Atlan's shape; unexpected ones become a logged 500 with an error id. */
  private sendError(res: ServerResponse, err: unknown, method: string, path: string): number {
    if (err instanceof SandboxHttpError) {
      const body = err.options.replaceBody ? err.extra : { ...atlanErrorBody(err.status, err.message), ...err.extra };
      this.send(res, err.status, body, err.options.headers);
      return err.status;
    }
    if (err instanceof QueryError) {
      this.send(res, 400, atlanErrorBody(400, `Unsupported or invalid search request: ${err.message}`));
      return 400;
    }
    if (err instanceof URIError) {
      this.send(res, 400, atlanErrorBody(400, `Malformed URL: ${err.message}`));
      return 400;
    }
    const errorId = randomUUID();
    this.options.log(`sandbox: 500 ${errorId} on ${method} ${path}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    this.send(res, 500, { ...atlanErrorBody(500, `${reasonPhrase(500)}: the sandbox hit an unexpected error (error id ${errorId}).`), errorId });
    return 500;
  }
}
