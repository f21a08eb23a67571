/** A tiny method + path router; enough for a few dozen fixed routes, no framework needed. */
import type { IncomingMessage } from 'node:http';
import type { Identity } from '../auth';

/** Which part of the tenant a route belongs to; a tenant may lack `legacy` or `apps`. */
export type RouteSurface = 'common' | 'legacy' | 'apps';

/** Legacy endpoint family a caller must use: API tokens use `workflows`, users `package-workflows`. */
export type EndpointFamily = 'token' | 'user';

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
  identity: Identity;
}

export interface HandlerResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => HandlerResult | Promise<HandlerResult>;

export interface Route {
  method: string;
  /** Path after the family prefix (`/api/service/`, `/api/meta/`), with `:param` segments. */
  pattern: string;
  surface: RouteSurface;
  family?: EndpointFamily;
  handler: Handler;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[]; surface: RouteSurface }
  | { kind: 'none' };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(...routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (segment.startsWith(':')) {
            names.push(segment.slice(1));
            return '([^/]+)';
          }
          return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        })
        .join('/');
      this.routes.push({ ...route, regex: new RegExp(`^${source}$`), names });
    }
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    let surface: RouteSurface = 'common';
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        surface = route.surface;
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed, surface } : { kind: 'none' };
  }
}
