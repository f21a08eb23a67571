/**
 * Property tests of the crawler form's message protocol, both directions: arbitrary and mutated
 * messages never make the parse functions throw, every rejection says where the problem is (a
 * path comparable with the edit) without echoing a secret, and accepted messages are stable.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FormStateSchema, parseFromWebview, parseToWebview } from '../../../src/features/form/protocol';
import { formState, fromWebview, mutate, mutation, toWebview, type Mutated } from './formArbitraries';
import { countPropertyCases } from './propertyRunTally';

countPropertyCases();

const SEED = 20261125;
type Parse = (message: unknown) => { ok: true; message: unknown } | { ok: false; error: string };
const directions: [string, Parse, fc.Arbitrary<unknown>][] = [
  ['webview -> extension', parseFromWebview, fromWebview],
  ['extension -> webview', parseToWebview, toWebview],
];

/** `where: what` with both parts present: describeInvalid's shape. */
function assertExplained(error: string): void {
  assert.match(error, /^[^\n]+?: \S/, `a rejection without a place and a reason: ${JSON.stringify(error)}`);
}

/**
 * Whether the rejection names a place on the edited path: the root, an ancestor of the edit, the
 * edit itself or something under it. An edit at one place cannot break another.
 */
function namesEditedPlace(error: string, path: readonly string[]): boolean {
  if (error.startsWith('message: ')) return true;
  for (let k = 1; k <= path.length; k++) if (error.startsWith(`${path.slice(0, k).join('.')}: `)) return true;
  return error.startsWith(`${path.join('.')}.`);
}

/** Whether an added key is one a record of booleans may legitimately take (ToWebview's `secrets`). */
function mayTake(edited: Mutated, value: unknown): boolean {
  return typeof value === 'boolean' && edited.path?.at(-2) === 'secrets';
}

/** Parses, failing the property (not crashing it) when the parse function throws. */
function parseOrFail(parse: Parse, value: unknown): ReturnType<Parse> {
  try {
    return parse(value);
  } catch (err) {
    assert.fail(`the parse function threw ${err instanceof Error ? err.message : String(err)}`);
  }
}

describe('form protocol properties', function () {
  this.timeout(30_000);

  for (const [direction, parse, valid] of directions) {
    describe(direction, () => {
      it('never throws on arbitrary JSON, and every rejection says where and why', () => {
        fc.assert(
          fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
            const parsed = parseOrFail(parse, value);
            if (!parsed.ok) assertExplained(parsed.error);
          }),
          { numRuns: 1000, seed: SEED },
        );
      });

      it('never throws on values JSON cannot carry (undefined, NaN, Maps, dates, null prototypes, typed arrays)', () => {
        const odd = fc.anything({ maxDepth: 3, withBigInt: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withBoxedValues: true });
        fc.assert(
          fc.property(fc.oneof(odd, valid.map((m) => ({ ...(m as object), extra: undefined }))), (value) => {
            const parsed = parseOrFail(parse, value);
            if (!parsed.ok) assertExplained(parsed.error);
          }),
          { numRuns: 700, seed: SEED },
        );
      });

      it('accepts every valid message, unchanged through JSON (what postMessage carries) and a second parse', () => {
        fc.assert(
          fc.property(valid, (message) => {
            const parsed = parseOrFail(parse, message);
            assert.ok(parsed.ok, parsed.ok ? '' : parsed.error);
            assert.deepEqual(parsed.message, message);
            const again = parse(JSON.parse(JSON.stringify(parsed.message)));
            assert.ok(again.ok);
            assert.deepEqual(again.message, parsed.message);
          }),
          { numRuns: 500, seed: SEED },
        );
      });

      it('rejects a mutated message at the place of the edit, and never takes an extra key', () => {
        fc.assert(
          fc.property(valid, mutation, (message, m) => {
            const edited = mutate(message, m);
            const parsed = parseOrFail(parse, edited.value);
            if (parsed.ok) {
              // Accepted: then no added key slipped through (a boolean in the secrets record aside).
              assert.ok(!edited.added || mayTake(edited, m.value), `took the added key ${edited.path?.join('.')}`);
              return;
            }
            assertExplained(parsed.error);
            if (edited.path) assert.ok(namesEditedPlace(parsed.error, edited.path), `edit at ${edited.path.join('.')}, rejection says: ${parsed.error}`);
          }),
          { numRuns: 1500, seed: SEED },
        );
      });
    });
  }

  it('never echoes a secret value in a rejection, whatever else is wrong with the message', () => {
    fc.assert(
      fc.property(fromWebview.filter((m) => m.type === 'storeSecret'), mutation, (message, m) => {
        const secret = (message as { value: string }).value;
        const parsed = parseOrFail(parseFromWebview, mutate(message, m).value);
        if (!parsed.ok) assert.equal(parsed.error.includes(secret), false, `the rejection echoes the secret: ${parsed.error}`);
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('restores webview state (getState) only when it is a whole form state', () => {
    fc.assert(
      fc.property(formState, mutation, (state, m) => {
        const edited = mutate(state, m);
        const parsed = FormStateSchema.safeParse(edited.value);
        if (!parsed.success) assert.ok(parsed.error.issues.every((i) => i.message.length > 0));
        else assert.ok(!edited.added, `took the added key ${edited.path?.join('.')}`);
      }),
      { numRuns: 500, seed: SEED },
    );
  });
});
