/**
 * The parts of undici the client uses, loaded from their own modules. undici's index also loads
 * fetch, WebSocket, caches, mocks and interceptors, which would add ~400 KB to the extension
 * bundle that VS Code parses at every activation.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;

const DispatcherBase = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
// What undici's index does for every API; we need `request` (ours) and `connect` (ProxyAgent's tunnels).
Object.assign(DispatcherBase.prototype, {
  request: require('undici/lib/api/api-request') as unknown,
  connect: require('undici/lib/api/api-connect') as unknown,
});

export const Agent = require('undici/lib/dispatcher/agent') as typeof Undici.Agent;
export const ProxyAgent = require('undici/lib/dispatcher/proxy-agent') as typeof Undici.ProxyAgent;
