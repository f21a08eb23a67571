import * as assert from 'node:assert/strict';
import { count, formatTable, kb, ms } from '../../../bench/lib/table';

describe('bench/table', () => {
  it('pads columns to the widest cell, right-aligning numeric columns', () => {
    const text = formatTable(['name', 'n'], [
      ['a', 5],
      ['longer', 123],
    ]);
    assert.deepEqual(text.split('\n'), ['| name   |   n |', '|--------|----:|', '| a      |   5 |', '| longer | 123 |']);
  });

  it('honours explicit alignment and puts a title above', () => {
    const text = formatTable(['x'], [['7']], { align: ['right'], title: 'T' });
    assert.deepEqual(text.split('\n'), ['T', '', '| x |', '|--:|', '| 7 |']);
  });

  it('rejects a row whose cell count does not match the headers', () => {
    assert.throws(() => formatTable(['a', 'b'], [['only one']]), /row 0 has 1 cells, expected 2/);
  });

  it('formats milliseconds, kilobytes and counts for reading', () => {
    assert.equal(ms(0.4567), '0.46');
    assert.equal(ms(12.34), '12.3');
    assert.equal(ms(1234.5), '1235');
    assert.equal(kb(348_112), '348.1 KB');
    assert.equal(count(1234567), '1,234,567');
  });
});
