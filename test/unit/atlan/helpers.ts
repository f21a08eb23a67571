/** Test doubles for the Atlan client: a scripted loopback HTTP server and an instant clock. */
import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { abortReason, type Clock } from '../../../src/core/atlan/clock';

export interface RecordedRequest {
  method: string;
  /** Path below `/api/service/`, without the query. */
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  // Parsed JSON of arbitrary shape; tests read into it freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  rawBody: string;
}

export interface Reply {
  status?: number;
  body?: unknown;
  /** Sent verbatim instead of JSON of `body`. */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Destroy the socket without answering. */
  reset?: boolean;
  /** Never answer. */
  hang?: boolean;
}

export type Responder = (request: RecordedRequest) => Reply | Promise<Reply>;

const PREFIX = '/api/service/';

export class ScriptedServer {
  readonly requests: RecordedRequest[] = [];
  /** TCP connections accepted so far (keep-alive reuses them). */
  connections = 0;
  private readonly routes = new Map<string, Responder>();
  private readonly queues = new Map<string, Reply[]>();
  private readonly sockets = new Set<Socket>();
  /** Answers requests no route or queue matched. */
  fallback?: Responder;
  private server!: http.Server;
  url = '';

  static async start(): Promise<ScriptedServer> {
    const s = new ScriptedServer();
    s.server = http.createServer((req, res) => void s.handle(req, res));
    s.server.on('connection', (socket) => {
      s.connections++;
      s.sockets.add(socket);
      socket.on('close', () => s.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    s.url = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** Answers every `METHOD path` request (path below /api/service/). */
  route(method: string, path: string, responder: Responder | Reply): this {
    this.routes.set(`${method} ${path}`, typeof responder === 'function' ? responder : () => responder);
    return this;
  }

  /** One-shot replies, used before the route's. */
  queue(method: string, path: string, ...replies: Reply[]): this {
    const key = `${method} ${path}`;
    this.queues.set(key, [...(this.queues.get(key) ?? []), ...replies]);
    return this;
  }

  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.routes.clear();
    this.queues.clear();
    this.fallback = undefined;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://x');
    const path = url.pathname.startsWith(PREFIX) ? decodeURIComponent(url.pathname.slice(PREFIX.length)) : url.pathname;
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = rawBody;
    }
    const request: RecordedRequest = { method: req.method ?? '', path, query: url.searchParams, headers: req.headers, body, rawBody };
    this.requests.push(request);
    const key = `${request.method} ${path}`;
    const queued = this.queues.get(key)?.shift();
    const responder = this.routes.get(key);
    const handler = responder ?? this.fallback;
    const reply: Reply = queued ?? (handler ? await handler(request) : { status: 404, body: { errorCode: 'ATLAS-404-00-000', errorMessage: `no route ${key}` } });
    if (reply.reset) {
      req.socket.destroy();
      return;
    }
    if (reply.hang) return;
    const text = reply.rawBody ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(text);
  }
}

/** A clock whose sleeps return at once and move time forward. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    this.sleeps.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
}

/** A runs/indexsearch hit. */
export function runHit(name: string, workflow: string, phase: string, startedAt?: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    _index: 'runs',
    _id: name,
    _source: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Workflow',
      metadata: {
        name,
        namespace: 'default',
        generateName: `${workflow}-`,
        labels: { 'workflows.argoproj.io/phase': phase, 'workflows.argoproj.io/creator-preferred-username': 'jane' },
        annotations: {},
      },
      spec: { workflowTemplateRef: { name: workflow } },
      // Argo's controller stamps the template into the status (storedWorkflowTemplateSpec) on first sight.
      status: { phase, ...(startedAt ? { startedAt } : {}), progress: '1/3', storedWorkflowTemplateSpec: { workflowTemplateRef: { name: workflow } }, ...extra },
    },
  };
}

/** A workflows/indexsearch hit for a Postgres template. */
export function templateHit(name: string, connectionName: string, annotations: Record<string, string> = {}): Record<string, unknown> {
  const epoch = name.split('-').pop() ?? '0';
  return {
    _index: 'workflows',
    _id: name,
    _source: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'WorkflowTemplate',
      metadata: { name, namespace: 'default', uid: 'u-1', creationTimestamp: '2026-01-01T00:00:00Z', labels: {}, annotations },
      spec: {
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            dag: {
              tasks: [
                {
                  name: 'run',
                  arguments: {
                    parameters: [
                      { name: 'extraction-method', value: 'direct' },
                      {
                        name: 'connection',
                        value: JSON.stringify({ typeName: 'Connection', attributes: { qualifiedName: `default/postgres/${epoch}`, name: connectionName } }),
                      },
                    ],
                  },
                },
              ],
            },
          },
        ],
      },
    },
  };
}

export function searchAnswer(hits: unknown[], total = hits.length): Record<string, unknown> {
  return { took: 1, _shards: { total: 1 }, hits: { total: { value: total, relation: 'eq' }, hits } };
}
