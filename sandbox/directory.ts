/**
 * The tenant's people: users, roles and groups for whoami and the admin pickers, with Atlan's
 * paged envelope (`totalRecord`, `filterRecord`, `records`) and its small JSON filter language.
 */
import { API_TOKEN_IDENTITY, API_TOKEN_ROLE, USER_IDENTITY, type Identity } from './auth';
import { SandboxHttpError } from './http/errors';

export const ROLES = [
  { id: 'b2f1d9c4-0a1e-4f7e-9a52-3f6d8e1c0a01', name: '$admin', description: 'Admin', level: 'workspace', memberCount: '2', userCount: '2' },
  { id: 'b2f1d9c4-0a1e-4f7e-9a52-3f6d8e1c0a02', name: '$member', description: 'Member', level: 'workspace', memberCount: '3', userCount: '3' },
  { id: 'b2f1d9c4-0a1e-4f7e-9a52-3f6d8e1c0a03', name: '$guest', description: 'Guest', level: 'workspace', memberCount: '1', userCount: '1' },
  { id: 'b2f1d9c4-0a1e-4f7e-9a52-3f6d8e1c0a04', name: API_TOKEN_ROLE, description: 'API token default access', level: 'workspace', memberCount: '1', userCount: '1' },
];

function userRecord(identity: Identity, createdTimestamp: number): Record<string, unknown> {
  return {
    id: identity.id,
    username: identity.username,
    email: identity.email,
    firstName: identity.firstName,
    lastName: identity.lastName,
    enabled: true,
    emailVerified: true,
    createdTimestamp,
    roles: identity.roles,
    groupCount: 0,
  };
}

const PEOPLE: Identity[] = [
  USER_IDENTITY,
  { kind: 'user', id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0003', username: 'ada.lovelace', email: 'ada@sandbox.atlan.local', firstName: 'Ada', lastName: 'Lovelace', roles: ['$admin'] },
  { kind: 'user', id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0004', username: 'grace.hopper', email: 'grace@sandbox.atlan.local', firstName: 'Grace', lastName: 'Hopper', roles: ['$member'] },
  { kind: 'user', id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0005', username: 'edsger.dijkstra', email: 'edsger@sandbox.atlan.local', firstName: 'Edsger', lastName: 'Dijkstra', roles: ['$member'] },
  { kind: 'user', id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0006', username: 'barbara.liskov', email: 'barbara@sandbox.atlan.local', firstName: 'Barbara', lastName: 'Liskov', roles: ['$member'] },
  { kind: 'user', id: '8d5e1a90-2f4b-4c61-b1f2-6a7c3e9d0007', username: 'guest.viewer', email: 'guest@sandbox.atlan.local', firstName: 'Guest', lastName: 'Viewer', roles: ['$guest'] },
  API_TOKEN_IDENTITY,
];

export const USERS = PEOPLE.map((p, i) => userRecord(p, 1_700_000_000_000 + i * 86_400_000));

export const GROUPS = [
  { id: 'c3a2e8d1-5b6f-4d2c-8e7a-1f0b9c8d0001', name: 'data-engineering', alias: 'Data Engineering', path: '/data-engineering', userCount: 3 },
  { id: 'c3a2e8d1-5b6f-4d2c-8e7a-1f0b9c8d0002', name: 'analytics', alias: 'Analytics', path: '/analytics', userCount: 2 },
  { id: 'c3a2e8d1-5b6f-4d2c-8e7a-1f0b9c8d0003', name: 'platform', alias: 'Platform', path: '/platform', userCount: 1 },
];

export function whoami(identity: Identity): Record<string, unknown> {
  return {
    id: identity.id,
    username: identity.username,
    email: identity.email,
    firstName: identity.firstName,
    lastName: identity.lastName,
    enabled: true,
    roles: identity.roles.map((name) => ({ id: ROLES.find((r) => r.name === name)?.id, name })),
    groups: [],
  };
}

export function currentUser(identity: Identity): Record<string, unknown> {
  return USERS.find((u) => u['id'] === identity.id) ?? userRecord(identity, 1_700_000_000_000);
}

type Filter = Record<string, unknown>;

function likeToRegex(pattern: string, insensitive: boolean): RegExp {
  const body = pattern
    .split('%')
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, insensitive ? 'i' : '');
}

function matchValue(actual: unknown, condition: unknown, field: string): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) {
    return values.some((v) => v === condition);
  }
  return Object.entries(condition as Record<string, unknown>).every(([op, arg]) => {
    switch (op) {
      case '$eq':
        return values.some((v) => v === arg);
      case '$ne':
        return values.every((v) => v !== arg);
      case '$in':
        return Array.isArray(arg) && values.some((v) => arg.includes(v));
      case '$nin':
        return Array.isArray(arg) && values.every((v) => !arg.includes(v));
      case '$like':
      case '$ilike':
        if (typeof arg !== 'string') throw new SandboxHttpError(400, `filter ${field}.${op} needs a string pattern`);
        return values.some((v) => typeof v === 'string' && likeToRegex(arg, op === '$ilike').test(v));
      default:
        throw new SandboxHttpError(400, `filter operator '${op}' on '${field}' is not supported (use $eq, $ne, $in, $nin, $like, $ilike)`);
    }
  });
}

function matches(record: Record<string, unknown>, filter: Filter): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition)) throw new SandboxHttpError(400, `filter ${key} needs an array`);
      const parts = condition as Filter[];
      return key === '$and' ? parts.every((f) => matches(record, f)) : parts.some((f) => matches(record, f));
    }
    return matchValue(record[key], condition, key);
  });
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new SandboxHttpError(400, `Query parameter '${name}' must be a non-negative integer, got '${raw}'`);
  return Number(raw);
}

function sortable(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

/** Atlan's paged list: `filter` (JSON), `sort` (`name` or `-name`), `offset`, `limit`. */
export function pagedList(records: Record<string, unknown>[], query: URLSearchParams, defaultSort: string): Record<string, unknown> {
  let filtered = records;
  const rawFilter = query.get('filter');
  if (rawFilter) {
    let filter: unknown;
    try {
      filter = JSON.parse(rawFilter);
    } catch {
      throw new SandboxHttpError(400, `Query parameter 'filter' is not valid JSON: ${rawFilter}`);
    }
    if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
      throw new SandboxHttpError(400, "Query parameter 'filter' must be a JSON object");
    }
    filtered = records.filter((r) => matches(r, filter as Filter));
  }
  const sort = query.get('sort') || defaultSort;
  const descending = sort.startsWith('-');
  const key = descending ? sort.slice(1) : sort;
  const sorted = [...filtered].sort((a, b) => {
    const x = sortable(a[key]);
    const y = sortable(b[key]);
    return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
  });
  const offset = intParam(query, 'offset', 0);
  const limit = intParam(query, 'limit', 20);
  return { totalRecord: records.length, filterRecord: filtered.length, records: sorted.slice(offset, offset + limit) };
}
