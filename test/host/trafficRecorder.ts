import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { secretForms } from './canaries';

/**
 * A loopback reverse proxy in front of the sandbox tenant that looks for secrets in every request
 * the extension (and the suites) send: URL, headers and body. It keeps no secret: each request is
 * recorded as method, path and where a secret appeared (by its name), one JSON line per request in
 * `file`, which the untrusted suite reads (env TRAFFIC_FINDINGS_ENV). Responses are streamed back
 * untouched.
 */
export const TRAFFIC_FINDINGS_ENV = 'ATLAN_IT_TRAFFIC';

/** Where a secret appeared: `authorization-bearer` is exactly `Authorization: Bearer <secret>`. */
export interface SecretSighting {
  secret: string;
  where: 'url' | 'authorization-bearer' | `header:${string}` | 'body';
}

export interface RecordedRequest {
  method: string;
  path: string;
  sightings: SecretSighting[];
}

export interface TrafficRecorder {
  /** Give this URL to the extension instead of the tenant's. */
  url: string;
  file: string;
  stop(): Promise<void>;
}

/** Every place one of `secrets` (name -> value) appears in a request. */
export function findSecrets(secrets: Record<string, string>, url: string, headers: http.IncomingHttpHeaders, body: Buffer): SecretSighting[] {
  const sightings: SecretSighting[] = [];
  for (const [secret, value] of Object.entries(secrets)) {
    if (!value) continue;
    if (url.includes(value) || url.includes(encodeURIComponent(value))) sightings.push({ secret, where: 'url' });
    for (const [name, raw] of Object.entries(headers)) {
      const text = Array.isArray(raw) ? raw.join('\n') : (raw ?? '');
      if (!text.includes(value)) continue;
      sightings.push({ secret, where: name === 'authorization' && text === `Bearer ${value}` ? 'authorization-bearer' : `header:${name}` });
    }
    // Any form: a secret sent base64-encoded or form-encoded has left as surely as a plain one.
    if (secretForms(value).some((f) => body.includes(f.bytes))) sightings.push({ secret, where: 'body' });
  }
  return sightings;
}

export async function startTrafficRecorder(target: string, secrets: Record<string, string>, file: string): Promise<TrafficRecorder> {
  const upstream = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  fs.writeFileSync(file, '');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: RecordedRequest = {
        method: req.method ?? '',
        path: (req.url ?? '').split('?')[0],
        sightings: findSecrets(secrets, req.url ?? '', req.headers, body),
      };
      fs.appendFileSync(file, `${JSON.stringify(record)}\n`);
      const forward = http.request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host }, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`traffic recorder: the tenant did not answer (${err.message})`);
      });
      forward.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    file,
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
