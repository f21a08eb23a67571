import * as assert from 'node:assert/strict';
import { belowFloor } from '../../host/unitRunHooks';

describe('unit run floor', () => {
  it('a whole run needs the floor, any run at least one test', () => {
    assert.equal(belowFloor(840, true, 840), undefined);
    assert.match(belowFloor(839, true, 840) ?? '', /^expected at least 840 tests to pass in a whole unit run \(UNIT_TEST_FLOOR in test\/host\/unitRunHooks\.ts\), ran 839 passing$/);
    assert.equal(belowFloor(1, false, 840), undefined);
    assert.equal(belowFloor(0, false, 840), 'expected at least 1 tests to pass in any unit run, ran 0 passing');
  });
});
