import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const SUITES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'integration', 'suites');

describe('integration suites', () => {
  it('get the extension through testApi() (helpers.ts), never by activating it by hand; only the Activation suite activates', () => {
    const files = fs.readdirSync(SUITES).filter((f) => f.endsWith('.test.ts'));
    assert.ok(files.length >= 20, `only ${files.length} suite files in ${SUITES}`);
    const byHand = files.filter((f) => f !== 'activation.test.ts' && /\.activate\(\)/.test(fs.readFileSync(path.join(SUITES, f), 'utf8')));
    assert.deepEqual(byHand, [], 'suites that call activate() themselves: use testApi() or extensionServices() from test/integration/helpers.ts');
  });
});
