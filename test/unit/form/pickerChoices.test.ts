import assert from 'node:assert/strict';
import fc from 'fast-check';
import { namesMatching, offeredNames, toggleName } from '../../../src/features/form/pickerChoices';

const names: fc.Arbitrary<string[]> = fc.array(fc.constantFrom<string>('public', 'sales', 'marketing', 'staging', 'Sales', '$admin', 'a b', ''), { maxLength: 8 });

describe('pickerChoices', () => {
  it('offers the known names in their own order, chosen or not, then the chosen names the list does not know', () => {
    const available = ['marketing', 'public', 'sales', 'staging'];
    assert.deepEqual(offeredNames(available, ['sales', 'public']), available, 'choosing never re-sorts the list');
    assert.deepEqual(offeredNames(available, ['archive', 'public', 'old']), [...available, 'archive', 'old']);
    assert.deepEqual(offeredNames([], ['public']), ['public']);
  });

  it('toggles by name: a chosen name is unpicked, another is added after those chosen', () => {
    assert.deepEqual(toggleName([], 'public'), ['public']);
    assert.deepEqual(toggleName(['public'], 'sales'), ['public', 'sales']);
    assert.deepEqual(toggleName(['public', 'sales', 'marketing'], 'sales'), ['public', 'marketing']);
  });

  it('matches what was typed anywhere in a name, ignoring case and surrounding spaces', () => {
    const offered = ['Europe/Paris', 'America/Paramaribo', 'Asia/Tokyo'];
    assert.deepEqual(namesMatching(offered, ' paris '), ['Europe/Paris']);
    assert.deepEqual(namesMatching(offered, 'PAR'), ['Europe/Paris', 'America/Paramaribo']);
    assert.deepEqual(namesMatching(offered, ''), offered);
  });

  it('property: the offered list starts with the known names unchanged and holds every chosen name once', () => {
    fc.assert(
      fc.property(names, names, (available, chosen) => {
        const offered = offeredNames(available, chosen);
        assert.deepEqual(offered.slice(0, new Set(available).size), [...new Set(available)]);
        for (const name of chosen) assert.ok(offered.includes(name));
        assert.equal(new Set(offered).size, offered.length);
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });

  it('property: toggling a name changes that name only and keeps the order of the others', () => {
    fc.assert(
      fc.property(names.map((n) => [...new Set(n)]), fc.constantFrom('public', 'sales', 'new'), (chosen, name) => {
        const once = toggleName(chosen, name);
        assert.equal(once.includes(name), !chosen.includes(name));
        assert.deepEqual(
          once.filter((n) => n !== name),
          chosen.filter((n) => n !== name),
        );
        assert.deepEqual(sortedCopy(toggleName(once, name)), sortedCopy(chosen));
      }),
      { seed: 20261204, numRuns: 300 },
    );
  });
});

function sortedCopy(values: readonly string[]): string[] {
  return [...values].sort();
}
