/**
 * The Elasticsearch query subset the Atlan SDKs send, compiled to predicates over documents.
 * Anything outside the subset (another clause type, an unknown parameter) is a QueryError, so a
 * caller gets a 400 naming it instead of a silently wrong result.
 */
import { evaluateDateMath, isDateMath, parseDateString } from './dateMath';
import { checkNesting, parseField, resolveValues, type FieldRef, type Primitive } from './fieldPath';
import { checkAnalysedField, checkExactMatchField, WORKFLOW_FIELDS, type FieldMapping } from './fieldTypes';
import { luceneRegexp } from './luceneRegexp';
import { QueryError } from './queryError';

export interface DocView {
  id: string;
  source: Record<string, unknown>;
}

/** Looks up documents by exact value of an indexed field; undefined when the field is not indexed. */
export interface CandidateSource {
  lookup(fieldPath: string, values: readonly string[]): ReadonlySet<DocView> | undefined;
}

/** Documents an index narrowed the search to, and what is left to test on each of them. */
export interface Narrowed {
  docs: ReadonlySet<DocView>;
  residual: (doc: DocView) => boolean;
}

export interface CompiledQuery {
  test(doc: DocView): boolean;
  /** A superset of the matches when an index can narrow the scan; undefined means "scan all". */
  candidates(source: CandidateSource): Narrowed | undefined;
}

const ALWAYS = (): boolean => true;

function mappingOf(ctx: CompileContext): FieldMapping {
  return ctx.mapping ?? WORKFLOW_FIELDS;
}

export interface CompileContext {
  /** Epoch ms used for `now` in date math. */
  now: number;
  /** How the index maps its fields. Default: the workflow indexes'. */
  mapping?: FieldMapping;
}

const MATCH_ALL: CompiledQuery = { test: () => true, candidates: () => undefined };
const MATCH_NONE: CompiledQuery = { test: () => false, candidates: () => ({ docs: new Set(), residual: ALWAYS }) };

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(obj: Obj, allowed: readonly string[], location: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      throw new QueryError(`${location}: unsupported parameter '${key}' (supported: ${allowed.join(', ')})`);
    }
  }
}

export function compileQuery(raw: unknown, ctx: CompileContext, location = 'query', nested?: string): CompiledQuery {
  if (!isObject(raw)) throw new QueryError(`${location}: a query must be a JSON object`);
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    throw new QueryError(`${location}: a query object needs exactly one clause, found ${keys.length === 0 ? 'none' : keys.join(', ')}`);
  }
  const type = keys[0];
  const body = raw[type];
  const here = `${location}.${type}`;
  switch (type) {
    case 'bool':
      return compileBool(body, ctx, here, nested);
    case 'nested':
      return compileNested(body, ctx, here, nested);
    case 'match_all':
      if (!isObject(body)) throw new QueryError(`${here}: must be an object`);
      onlyKeys(body, ['boost', '_name'], here);
      return MATCH_ALL;
    case 'match_none':
      if (!isObject(body)) throw new QueryError(`${here}: must be an object`);
      onlyKeys(body, ['_name'], here);
      return MATCH_NONE;
    case 'term':
      return compileTerm(body, here, mappingOf(ctx), nested);
    case 'terms':
      return compileTerms(body, here, mappingOf(ctx), nested);
    case 'prefix':
      return compilePrefix(body, here, mappingOf(ctx), nested);
    case 'regexp':
      return compileRegexp(body, here, mappingOf(ctx), nested);
    case 'exists':
      return compileExists(body, here, mappingOf(ctx), nested);
    case 'range':
      return compileRange(body, ctx, here, nested);
    case 'match':
      return compileMatch(body, here, mappingOf(ctx), nested);
    default:
      throw new QueryError(
        `${location}: unsupported query clause '${type}' (the sandbox evaluates bool, nested, term, terms, prefix, ` +
          `regexp, exists, range, match, match_all, match_none)`,
      );
  }
}

function clauseList(value: unknown, location: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  if (isObject(value)) return [value];
  throw new QueryError(`${location}: must be a query object or an array of them`);
}

function compileBool(body: unknown, ctx: CompileContext, location: string, nested?: string): CompiledQuery {
  if (!isObject(body)) throw new QueryError(`${location}: must be an object`);
  onlyKeys(body, ['must', 'filter', 'should', 'must_not', 'minimum_should_match', 'boost', '_name'], location);
  const compileAll = (key: string): CompiledQuery[] =>
    clauseList(body[key], `${location}.${key}`).map((q, i) => compileQuery(q, ctx, `${location}.${key}[${i}]`, nested));
  const required = [...compileAll('must'), ...compileAll('filter')];
  const should = compileAll('should');
  const mustNot = compileAll('must_not');
  const minimum = minimumShouldMatch(body['minimum_should_match'], should.length, required.length > 0, location);

  return {
    test(doc) {
      for (const q of required) if (!q.test(doc)) return false;
      for (const q of mustNot) if (q.test(doc)) return false;
      if (minimum > 0) {
        let hits = 0;
        for (const q of should) {
          if (q.test(doc) && ++hits >= minimum) break;
        }
        if (hits < minimum) return false;
      }
      return true;
    },
    candidates(source) {
      const narrowed: Narrowed[] = [];
      const untested: CompiledQuery[] = [];
      for (const q of required) {
        const c = q.candidates(source);
        if (c) narrowed.push(c);
        else untested.push(q);
      }
      if (narrowed.length > 0) {
        const residuals = narrowed.map((n) => n.residual).filter((r) => r !== ALWAYS);
        const rest = (doc: DocView): boolean => {
          for (const q of mustNot) if (q.test(doc)) return false;
          if (minimum > 0) {
            let hits = 0;
            for (const q of should) if (q.test(doc) && ++hits >= minimum) break;
            if (hits < minimum) return false;
          }
          return true;
        };
        return {
          // A document in every narrowed set still needs the clauses that could not narrow.
          docs: narrowed.length === 1 ? narrowed[0].docs : intersect(narrowed.map((n) => n.docs)),
          residual: (doc) => {
            for (const r of residuals) if (!r(doc)) return false;
            for (const q of untested) if (!q.test(doc)) return false;
            return rest(doc);
          },
        };
      }
      if (minimum > 0 && should.length > 0) {
        const union = new Set<DocView>();
        for (const q of should) {
          const c = q.candidates(source);
          if (!c) return undefined;
          for (const doc of c.docs) union.add(doc);
        }
        return { docs: union, residual: (doc) => this.test(doc) };
      }
      return undefined;
    },
  };
}

/** The documents in every set; walks the smallest one. */
export function intersect(sets: readonly ReadonlySet<DocView>[]): ReadonlySet<DocView> {
  if (sets.length === 1) return sets[0];
  const sorted = [...sets].sort((a, b) => a.size - b.size);
  const [smallest, ...rest] = sorted as [ReadonlySet<DocView>, ...ReadonlySet<DocView>[]];
  const out = new Set<DocView>();
  for (const doc of smallest) if (rest.every((s) => s.has(doc))) out.add(doc);
  return out;
}

/** ES semantics: should is optional when must/filter exist, else at least one must match. */
function minimumShouldMatch(value: unknown, shouldCount: number, hasRequired: boolean, location: string): number {
  if (shouldCount === 0) return 0;
  if (value === undefined) return hasRequired ? 0 : 1;
  let n: number;
  if (typeof value === 'number' && Number.isInteger(value)) n = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value)) n = Number(value);
  else if (typeof value === 'string' && /^-?\d+%$/.test(value)) n = Math.trunc((Number(value.slice(0, -1)) / 100) * shouldCount);
  else throw new QueryError(`${location}.minimum_should_match: expected an integer or a percentage, got ${JSON.stringify(value)}`);
  if (n < 0) n = shouldCount + n;
  return Math.max(0, Math.min(n, shouldCount + 1));
}

function compileNested(body: unknown, ctx: CompileContext, location: string, outer?: string): CompiledQuery {
  if (!isObject(body)) throw new QueryError(`${location}: must be an object`);
  onlyKeys(body, ['path', 'query', 'score_mode', 'ignore_unmapped', 'boost', '_name', 'score_more'], location);
  const path = body['path'];
  if (typeof path !== 'string') throw new QueryError(`${location}.path: must be a string`);
  const mapping = mappingOf(ctx);
  if (!mapping.nestedPaths.includes(path)) {
    const known = mapping.nestedPaths.length > 0 ? `nested paths: ${mapping.nestedPaths.join(', ')}` : 'it has none';
    throw new QueryError(`${location}.path: '${path}' is not a nested path in ${mapping.name} (${known})`);
  }
  if (outer && outer !== path) throw new QueryError(`${location}: nested path '${path}' cannot sit inside nested path '${outer}'`);
  if (body['query'] === undefined) throw new QueryError(`${location}.query: required`);
  // Each document holds one metadata and one spec object, so nesting just scopes the fields.
  return compileQuery(body['query'], ctx, `${location}.query`, path);
}

/** Splits `{field: params}` (plus allowed top-level extras) into the field and its params. */
function fieldClause(body: unknown, location: string, extras: readonly string[] = []): { field: string; params: unknown } {
  if (!isObject(body)) throw new QueryError(`${location}: must be an object`);
  const fields = Object.keys(body).filter((k) => !extras.includes(k));
  if (fields.length !== 1) {
    throw new QueryError(`${location}: expected exactly one field, found ${fields.length === 0 ? 'none' : fields.join(', ')}`);
  }
  const field = fields[0];
  return { field, params: body[field] };
}

function scalar(value: unknown, location: string): Primitive {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  throw new QueryError(`${location}: expected a string, number or boolean, got ${JSON.stringify(value)}`);
}

/** `{field: value}` or `{field: {value, ...}}` as term, prefix and regexp accept. */
function valueParams(params: unknown, location: string, allowed: readonly string[]): { value: Primitive; opts: Obj } {
  if (isObject(params)) {
    onlyKeys(params, ['value', ...allowed], location);
    if (params['value'] === undefined) throw new QueryError(`${location}.value: required`);
    return { value: scalar(params['value'], `${location}.value`), opts: params };
  }
  return { value: scalar(params, location), opts: {} };
}

function fieldValues(doc: DocView, field: FieldRef): Primitive[] {
  return field.path === '_id' ? [doc.id] : resolveValues(doc.source, field.path);
}

function checkedField(name: string, location: string, mapping: FieldMapping, nested?: string): FieldRef {
  const field = parseField(name, location, mapping);
  checkNesting(field, nested, location);
  return field;
}

function compileTerm(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location);
  const field = checkedField(name, `${location}.${name}`, mapping, nested);
  const { value, opts } = valueParams(params, `${location}.${name}`, ['case_insensitive', 'boost', '_name']);
  checkExactMatchField(field, 'term', `${location}.${name}`, mapping);
  const insensitive = opts['case_insensitive'] === true;
  const wanted = insensitive ? String(value).toLowerCase() : String(value);
  return {
    test(doc) {
      for (const v of fieldValues(doc, field)) {
        const s = insensitive ? String(v).toLowerCase() : String(v);
        if (s === wanted) return true;
      }
      return false;
    },
    candidates: (source) => {
      const docs = insensitive ? undefined : source.lookup(field.path, [wanted]);
      return docs && { docs, residual: ALWAYS };
    },
  };
}

function compileTerms(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location, ['boost', '_name']);
  const field = checkedField(name, `${location}.${name}`, mapping, nested);
  if (!Array.isArray(params)) {
    throw new QueryError(`${location}.${name}: expected an array of values (terms lookup is not supported)`);
  }
  const wanted = params.map((v, i) => String(scalar(v, `${location}.${name}[${i}]`)));
  checkExactMatchField(field, 'terms', `${location}.${name}`, mapping);
  const set = new Set(wanted);
  return {
    test(doc) {
      for (const v of fieldValues(doc, field)) if (set.has(String(v))) return true;
      return false;
    },
    candidates: (source) => {
      const docs = source.lookup(field.path, wanted);
      return docs && { docs, residual: ALWAYS };
    },
  };
}

function compilePrefix(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location);
  const field = checkedField(name, `${location}.${name}`, mapping, nested);
  const { value, opts } = valueParams(params, `${location}.${name}`, ['case_insensitive', 'boost', '_name', 'rewrite']);
  checkExactMatchField(field, 'prefix', `${location}.${name}`, mapping);
  const insensitive = opts['case_insensitive'] === true;
  const prefix = insensitive ? String(value).toLowerCase() : String(value);
  return {
    test(doc) {
      for (const v of fieldValues(doc, field)) {
        const s = insensitive ? String(v).toLowerCase() : String(v);
        if (s.startsWith(prefix)) return true;
      }
      return false;
    },
    candidates: () => undefined,
  };
}

function compileRegexp(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location);
  const field = checkedField(name, `${location}.${name}`, mapping, nested);
  const { value, opts } = valueParams(params, `${location}.${name}`, [
    'flags',
    'case_insensitive',
    'max_determinized_states',
    'boost',
    '_name',
    'rewrite',
  ]);
  checkExactMatchField(field, 'regexp', `${location}.${name}`, mapping);
  const flags = opts['flags'];
  if (flags !== undefined && typeof flags !== 'string') throw new QueryError(`${location}.${name}.flags: must be a string`);
  const regex = luceneRegexp(String(value), { flags, caseInsensitive: opts['case_insensitive'] === true });
  return {
    test(doc) {
      for (const v of fieldValues(doc, field)) if (regex.test(String(v))) return true;
      return false;
    },
    candidates: () => undefined,
  };
}

function compileExists(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  if (!isObject(body)) throw new QueryError(`${location}: must be an object`);
  onlyKeys(body, ['field', 'boost', '_name'], location);
  const name = body['field'];
  if (typeof name !== 'string') throw new QueryError(`${location}.field: must be a string`);
  const field = checkedField(name, `${location}.field`, mapping, nested);
  return { test: (doc) => fieldValues(doc, field).length > 0, candidates: () => undefined };
}

/** Lower-cased words, as Elasticsearch's standard analyser splits text. */
function tokens(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t !== '');
}

/** `{field: "words"}` or `{field: {query, operator}}`: any (or, with `and`, every) word of the query among the field's words. */
function compileMatch(body: unknown, location: string, mapping: FieldMapping, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location);
  const here = `${location}.${name}`;
  const field = checkedField(name, here, mapping, nested);
  checkAnalysedField(field, here, mapping);
  let query: Primitive;
  let operator: unknown = 'or';
  if (isObject(params)) {
    onlyKeys(params, ['query', 'operator', 'boost', '_name'], here);
    if (params['query'] === undefined) throw new QueryError(`${here}.query: required`);
    query = scalar(params['query'], `${here}.query`);
    operator = params['operator'] ?? 'or';
  } else {
    query = scalar(params, here);
  }
  if (typeof operator !== 'string' || !['or', 'and'].includes(operator.toLowerCase())) throw new QueryError(`${here}.operator: must be "or" or "and"`);
  const wanted = tokens(String(query));
  const every = operator.toLowerCase() === 'and';
  return {
    test(doc) {
      if (wanted.length === 0) return false;
      const words = new Set(fieldValues(doc, field).flatMap((v) => tokens(String(v))));
      return every ? wanted.every((w) => words.has(w)) : wanted.some((w) => words.has(w));
    },
    candidates: () => undefined,
  };
}

type Bound = { op: 'gt' | 'gte' | 'lt' | 'lte'; kind: 'number'; value: number } | { op: 'gt' | 'gte' | 'lt' | 'lte'; kind: 'date'; value: number } | { op: 'gt' | 'gte' | 'lt' | 'lte'; kind: 'string'; value: string };

function compileRange(body: unknown, ctx: CompileContext, location: string, nested?: string): CompiledQuery {
  const { field: name, params } = fieldClause(body, location);
  const here = `${location}.${name}`;
  const field = checkedField(name, here, mappingOf(ctx), nested);
  if (!isObject(params)) throw new QueryError(`${here}: must be an object of gt/gte/lt/lte bounds`);
  onlyKeys(params, ['gt', 'gte', 'lt', 'lte', 'boost', '_name'], here);
  const bounds: Bound[] = [];
  for (const op of ['gt', 'gte', 'lt', 'lte'] as const) {
    const raw = params[op];
    if (raw === undefined || raw === null) continue;
    if (typeof raw === 'number') {
      bounds.push({ op, kind: 'number', value: raw });
    } else if (typeof raw === 'string') {
      if (isDateMath(raw)) {
        bounds.push({ op, kind: 'date', value: evaluateDateMath(raw, ctx.now, op === 'gt' || op === 'lte') });
      } else {
        const ms = parseDateString(raw);
        bounds.push(ms === undefined ? { op, kind: 'string', value: raw } : { op, kind: 'date', value: ms });
      }
    } else {
      throw new QueryError(`${here}.${op}: expected a number, an RFC 3339 date or date math, got ${JSON.stringify(raw)}`);
    }
  }
  if (bounds.length === 0) throw new QueryError(`${here}: needs at least one of gt, gte, lt, lte`);
  return {
    test(doc) {
      for (const v of fieldValues(doc, field)) if (bounds.every((b) => inBound(v, b))) return true;
      return false;
    },
    candidates: () => undefined,
  };
}

function compare<T extends number | string>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function inBound(value: Primitive, bound: Bound): boolean {
  let c: number;
  if (bound.kind === 'string') {
    if (typeof value === 'boolean') return false;
    c = compare(String(value), bound.value);
  } else {
    // Dates compare as epoch ms; a numeric bound on a date field is epoch ms too.
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string') n = parseDateString(value) ?? (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
    if (n === undefined) return false;
    c = compare(n, bound.value);
  }
  switch (bound.op) {
    case 'gt':
      return c > 0;
    case 'gte':
      return c >= 0;
    case 'lt':
      return c < 0;
    case 'lte':
      return c <= 0;
  }
}
