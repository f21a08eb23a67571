import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { ISSUE_CODES, type ConfigIssue } from '../../../src/core/config/issues';
import { hasErrors, lineColumn, parseConfig } from '../../../src/core/config/parse';
import { fixturePath } from '../workflow/goldenCases';

/** Offset of `snippet` in `text` (the nth occurrence), failing loudly if absent. */
function at(text: string, snippet: string, nth = 1): { offset: number; length: number } {
  let offset = -1;
  for (let i = 0; i < nth; i++) offset = text.indexOf(snippet, offset + 1);
  assert.notEqual(offset, -1, `snippet ${snippet} not found`);
  return { offset, length: snippet.length };
}

function only(text: string): ConfigIssue {
  const { issues } = parseConfig(text);
  assert.equal(issues.length, 1, `expected one issue, got ${JSON.stringify(issues, null, 1)}`);
  return issues[0];
}

/** A valid configuration with `patch` spliced in at the top level (text-level, to control exact offsets). */
function withTop(fields: string): string {
  return `{
  "connectionName": "warehouse-prod",
  "admins": { "roles": ["$admin"] },
  "extraction": { "method": "direct", "host": "db.internal", "port": 5432, "database": "analytics",
    "auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } } }${fields ? `,\n  ${fields}` : ''}
}`;
}

describe('parseConfig', () => {
  describe('valid files', () => {
    for (const name of ['warehouse-prod', 'iam-role', 'iam-user', 'offline-s3']) {
      it(`accepts test/fixtures/configs/${name}.atlan-postgres.json without issues`, () => {
        const result = parseConfig(readFileSync(fixturePath('configs', `${name}.atlan-postgres.json`), 'utf8'));
        assert.deepStrictEqual(result.issues, []);
        assert.ok(result.config);
      });
    }

    it('applies the documented defaults', () => {
      const { config } = parseConfig(withTop(''));
      assert.ok(config);
      assert.equal(config.allowQuery, true);
      assert.equal(config.allowQueryPreview, true);
      assert.equal(config.rowLimit, 10000);
      assert.deepStrictEqual(config.include, {});
      assert.deepStrictEqual(config.exclude, {});
      assert.equal(config.sourceLevelFiltering, false);
      assert.equal(config.jdbcInternalMethods, true);
      assert.equal(config.extraction.method === 'direct' && config.extraction.port, 5432);
      assert.equal(parseConfig(withTop('"schedule": { "cron": "0 0 * * *" }')).config?.schedule?.timezone, 'UTC');
    });

    it('allows comments, trailing commas and a $schema property', () => {
      const text = `// top\n{ /* c */ "$schema": "./x.json", "connectionName": "c", "admins": { "users": ["u"], },
        "extraction": { "method": "s3", "bucket": "b", "prefix": "p", }, }`;
      assert.deepStrictEqual(parseConfig(text).issues, []);
    });

    it('returns the config alongside warnings', () => {
      const result = parseConfig(withTop('"include": { "a": ["x", "x"] }'));
      assert.ok(result.config);
      assert.equal(hasErrors(result.issues), false);
      assert.deepStrictEqual(result.issues.map((i) => i.code), ['duplicate-entry']);
    });
  });

  describe('each issue code, at its exact position', () => {
    it('syntax-error', () => {
      const text = '{\n  "connectionName": "x"\n  "admins": {}\n}';
      const issue = only(text);
      assert.equal(issue.code, 'syntax-error');
      assert.equal(issue.offset, text.indexOf('"admins"'));
      assert.equal(issue.message, 'syntax error: expected a comma');
    });

    it('syntax-error for an empty file', () => {
      const issue = only('   ');
      assert.equal(issue.code, 'syntax-error');
      assert.match(issue.message, /empty/);
    });

    it('duplicate-key at the second key', () => {
      const text = withTop('"connectionName": "again"');
      const issue = only(text);
      assert.equal(issue.code, 'duplicate-key');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"connectionName"', 2));
    });

    it('unknown-key at the key, with a suggestion', () => {
      const text = withTop('"excludeRegexp": "x"');
      const issue = only(text);
      assert.equal(issue.code, 'unknown-key');
      assert.deepStrictEqual(issue.path, ['excludeRegexp']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"excludeRegexp"'));
      assert.equal(issue.message, 'the configuration has an unknown property "excludeRegexp"; did you mean "excludeRegex"?');
    });

    it('unknown-key inside a discriminated union member', () => {
      const text = withTop('').replace('"port": 5432', '"port": 5432, "hots": "x"');
      const issue = only(text);
      assert.equal(issue.code, 'unknown-key');
      assert.match(issue.message, /^extraction has an unknown property "hots"; did you mean "host"\?$/);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"hots"'));
    });

    it('wrong-type', () => {
      const text = withTop('"allowQuery": "yes"');
      const issue = only(text);
      assert.equal(issue.code, 'wrong-type');
      assert.equal(issue.message, 'allowQuery must be true or false, not a string');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"yes"'));
    });

    it('port-type for a quoted port (quick-fixable)', () => {
      const text = withTop('').replace('"port": 5432', '"port": "5432"');
      const issue = only(text);
      assert.equal(issue.code, 'port-type');
      assert.deepStrictEqual(issue.path, ['extraction', 'port']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"5432"'));
    });

    it('wrong-type for a filter written as a list', () => {
      assert.equal(only(withTop('"include": ["analytics"]')).message, 'include must be an object mapping database names to lists of schemas, not a list');
    });

    it('wrong-type, not port-type, for a port that is not digits', () => {
      assert.equal(only(withTop('').replace('"port": 5432', '"port": "abc"')).code, 'wrong-type');
    });

    it('port-range', () => {
      for (const port of ['0', '65536', '-1']) {
        const text = withTop('').replace('"port": 5432', `"port": ${port}`);
        const issue = only(text);
        assert.equal(issue.code, 'port-range');
        assert.equal(issue.message, 'extraction.port must be between 1 and 65535');
        assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, `"port": ${port}`.slice(8)));
      }
    });

    it('out-of-range for a row limit below 1 or not whole', () => {
      assert.equal(only(withTop('"rowLimit": 0')).message, 'rowLimit must be at least 1');
      assert.equal(only(withTop('"rowLimit": 2.5')).message, 'rowLimit must be a whole number');
    });

    it('empty-value for an empty connection name', () => {
      const text = withTop('').replace('"warehouse-prod",', '"",');
      const issue = only(text);
      assert.equal(issue.code, 'empty-value');
      assert.equal(issue.message, 'connectionName must not be empty');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '""'));
    });

    it('empty-value for blank text (only white space), at the value, the value kept as written', () => {
      const cases: [string, string, string][] = [
        ['"connectionName": "warehouse-prod"', '"connectionName": "   "', 'connectionName'],
        ['["$admin"]', '["$admin"], "users": [" "]', 'admins.users[0]'],
        ['"database": "analytics"', '"database": " "', 'extraction.database'],
        ['"host": "db.internal"', '"host": " "', 'extraction.host'],
        ['"username": "crawler"', '"username": "\\t"', 'extraction.auth.username'],
      ];
      for (const [from, to, where] of cases) {
        const text = withTop('').replace(from, to);
        const issue = only(text);
        assert.equal(issue.code, 'empty-value', where);
        assert.equal(issue.message, `${where} must not be blank (it holds only white space)`);
        const blank = /: (\[)?("[^"]*")\]?$/.exec(to)![2];
        assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, blank));
      }
    });

    it('empty-value for a blank schema or database name in a filter', () => {
      const schema = only(withTop('"include": { "analytics": ["public", "  "] }'));
      assert.deepStrictEqual([schema.code, schema.message, schema.path], ['empty-value', 'include.analytics[1] must not be blank (it holds only white space)', ['include', 'analytics', 1]]);
      const text = withTop('"exclude": { " ": ["x"] }');
      const db = only(text);
      assert.deepStrictEqual([db.code, db.message], ['empty-value', 'exclude has a blank database name (only white space)']);
      assert.deepStrictEqual({ offset: db.offset, length: db.length }, at(text, '" "'));
    });

    it('keeps text with surrounding spaces as written (no trim)', () => {
      const { config } = parseConfig(withTop('').replace('"warehouse-prod",', '" warehouse prod ",'));
      assert.equal(config?.connectionName, ' warehouse prod ');
    });

    it('missing-property at the parent key', () => {
      const text = withTop('').replace('"database": "analytics",', '');
      const issue = only(text);
      assert.equal(issue.code, 'missing-property');
      assert.deepStrictEqual(issue.path, ['extraction', 'database']);
      assert.equal(issue.message, 'extraction is missing the required property "database"');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"extraction"'));
    });

    it('missing-property at the root points at the opening brace', () => {
      const text = withTop('').replace('"connectionName": "warehouse-prod",', '');
      const issue = only(text);
      assert.equal(issue.code, 'missing-property');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, { offset: 0, length: 1 });
    });

    it('invalid-value for an unknown extraction method or auth type', () => {
      const text = withTop('').replace('"method": "direct"', '"method": "agent"');
      const issue = only(text);
      assert.equal(issue.code, 'invalid-value');
      assert.equal(issue.message, 'extraction.method must be one of "direct", "s3"');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"agent"'));
      assert.equal(only(withTop('').replace('"type": "basic"', '"type": "kerberos"')).message, 'extraction.auth.type must be one of "basic", "iam_user", "iam_role"');
    });

    it('invalid-host', () => {
      const text = withTop('').replace('"db.internal"', '"postgres://db.internal:5432/analytics"');
      const issue = only(text);
      assert.equal(issue.code, 'invalid-host');
      assert.match(issue.message, /^extraction\.host must be a bare host name without a scheme, e\.g\. "db\.internal"$/);
      assert.equal(only(withTop('').replace('"db.internal"', '"db.internal:5432"')).message, 'extraction.host must not include the port; put it in extraction.port');
    });

    it('literal-secret at the string, without echoing it', () => {
      const text = withTop('').replace('{ "secret": "warehouse-prod" }', '"hunter2-very-secret"');
      const issue = only(text);
      assert.equal(issue.code, 'literal-secret');
      assert.deepStrictEqual(issue.path, ['extraction', 'auth', 'password']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"hunter2-very-secret"'));
      assert.equal(issue.message.includes('hunter2'), false);
      assert.match(issue.message, /\{"secret": "warehouse-prod"\}/);
    });

    it('literal-secret for an IAM secret key and external id', () => {
      const iamUser = withTop('').replace(
        '"auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } }',
        '"auth": { "type": "iam_user", "username": "c", "accessKey": "AKIA", "secretKey": "wJalr" }',
      );
      assert.equal(only(iamUser).code, 'literal-secret');
      const iamRole = withTop('').replace(
        '"auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } }',
        '"auth": { "type": "iam_role", "username": "c", "roleArn": "arn:aws:iam::123456789012:role/r", "externalId": "ext" }',
      );
      assert.deepStrictEqual(only(iamRole).path, ['extraction', 'auth', 'externalId']);
    });

    describe('literal-secret whatever else is wrong', () => {
      const basic = '"auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } }';
      const secretIssues = (text: string): ConfigIssue[] => parseConfig(text).issues.filter((i) => i.code === 'literal-secret');
      const neverEchoes = (text: string, secret: string): void => {
        for (const issue of parseConfig(text).issues) assert.equal(issue.message.includes(secret), false, issue.message);
      };

      it('beside a misspelt auth type', () => {
        const text = withTop('').replace(basic, '"auth": { "type": "basc", "username": "crawler", "password": "hunter2" }');
        const { issues } = parseConfig(text);
        assert.deepStrictEqual(issues.map((i) => i.code), ['invalid-value', 'literal-secret']);
        assert.deepStrictEqual(issues[1].path, ['extraction', 'auth', 'password']);
        assert.deepStrictEqual({ offset: issues[1].offset, length: issues[1].length }, at(text, '"hunter2"'));
        neverEchoes(text, 'hunter2');
      });

      it('beside a misspelt extraction method', () => {
        const text = withTop('').replace('"method": "direct"', '"method": "drect"').replace('{ "secret": "warehouse-prod" }', '"hunter2"');
        const { issues } = parseConfig(text);
        assert.deepStrictEqual(issues.map((i) => i.code), ['invalid-value', 'literal-secret']);
        assert.deepStrictEqual({ offset: issues[1].offset, length: issues[1].length }, at(text, '"hunter2"'));
        neverEchoes(text, 'hunter2');
      });

      it('for a number, instead of wrong-type', () => {
        const text = withTop('').replace('{ "secret": "warehouse-prod" }', '12345678');
        const issue = only(text);
        assert.equal(issue.code, 'literal-secret');
        assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '12345678'));
        neverEchoes(text, '12345678');
      });

      it('for a stray password under iam_user, beside the unknown key', () => {
        const text = withTop('').replace(basic, '"auth": { "type": "iam_user", "username": "c", "accessKey": "AKIA", "secretKey": { "secret": "k" }, "password": "hunter2" }');
        const { issues } = parseConfig(text);
        assert.deepStrictEqual(issues.map((i) => [i.code, i.path.join('.')]), [
          ['unknown-key', 'extraction.auth.password'],
          ['literal-secret', 'extraction.auth.password'],
        ]);
        assert.deepStrictEqual({ offset: issues[1].offset, length: issues[1].length }, at(text, '"hunter2"'));
        neverEchoes(text, 'hunter2');
      });

      it('for the wire spellings of a secret key, at any depth under extraction', () => {
        const text = withTop('').replace(basic, '"auth": { "type": "iam_user", "username": "c", "accessKey": "AKIA", "secretKey": { "secret": "k" }, "extra": [{ "aws_secret_access_key": "wJalrXUtn" }] }');
        const found = secretIssues(text);
        assert.deepStrictEqual(found.map((i) => i.path), [['extraction', 'auth', 'extra', 0, 'aws_secret_access_key']]);
        assert.deepStrictEqual({ offset: found[0].offset, length: found[0].length }, at(text, '"wJalrXUtn"'));
        neverEchoes(text, 'wJalrXUtn');
      });

      it('once per field: with every other check failing too, and for each copy of a repeated key', () => {
        const text = withTop('').replace(basic, '"auth": { "type": "basic", "username": "", "password": "first1", "password": "second2" }').replace('"port": 5432', '"port": "x"');
        const found = secretIssues(text);
        assert.deepStrictEqual(found.map((i) => i.offset), [at(text, '"first1"').offset, at(text, '"second2"').offset]);
        const perRange = new Set(parseConfig(text).issues.map((i) => `${i.offset}:${i.length}`));
        assert.equal(perRange.size, parseConfig(text).issues.length, 'no two issues at the same range');
        neverEchoes(text, 'first1');
        neverEchoes(text, 'second2');
      });

      it('property: one literal-secret per secret field, never echoing it, whatever the auth type, method and key', () => {
        const secret = fc.string({ minLength: 4, maxLength: 24 }).filter((s) => /^[A-Za-z0-9!#%&*+=?@^_~-]+$/.test(s)).map((s) => `Zq${s}`);
        fc.assert(
          fc.property(
            fc.constantFrom('direct', 'drect', 's3'),
            fc.constantFrom('basic', 'basc', 'iam_user', 'iam_role', 42),
            fc.constantFrom('password', 'secretKey', 'externalId'),
            fc.oneof(secret, fc.integer({ min: 100000, max: 2 ** 31 }).map(String)),
            fc.boolean(),
            (method, type, field, value, asNumber) => {
              const literal = asNumber && /^\d+$/.test(value) ? value : JSON.stringify(value);
              const text = `{"connectionName": "c", "admins": {"users": ["u"]}, "extraction": {"method": "${method}", "host": "h", "database": "d",
                "auth": {"type": ${JSON.stringify(type)}, "username": "u", "${field}": ${literal}}}}`;
              const { issues } = parseConfig(text);
              const found = issues.filter((i) => i.code === 'literal-secret');
              assert.equal(found.length, 1, JSON.stringify(issues));
              assert.deepStrictEqual(found[0].path, ['extraction', 'auth', field]);
              assert.equal(text.slice(found[0].offset, found[0].offset + found[0].length), literal);
              for (const issue of issues) assert.equal(issue.message.includes(value), false, issue.message);
              const at = issues.filter((i) => i.offset === found[0].offset);
              assert.equal(at.length, 1, 'nothing else reported at the secret');
            },
          ),
          { numRuns: 300 },
        );
      });

      it('not for secrets outside extraction, nor for references, booleans or objects', () => {
        assert.deepStrictEqual(secretIssues(withTop('"password": "x"')), []);
        assert.deepStrictEqual(secretIssues(withTop('').replace('{ "secret": "warehouse-prod" }', 'true')).length, 0);
        assert.deepStrictEqual(parseConfig(withTop('').replace('{ "secret": "warehouse-prod" }', 'true')).issues.map((i) => i.code), ['wrong-type']);
        assert.deepStrictEqual(secretIssues(withTop('')), []);
      });
    });

    it('invalid-secret-name', () => {
      const text = withTop('').replace('"secret": "warehouse-prod"', '"secret": "has spaces"');
      const issue = only(text);
      assert.equal(issue.code, 'invalid-secret-name');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"has spaces"'));
    });

    it('invalid-arn', () => {
      const text = withTop('').replace(
        '"auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } }',
        '"auth": { "type": "iam_role", "username": "c", "roleArn": "my-role" }',
      );
      const issue = only(text);
      assert.equal(issue.code, 'invalid-arn');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"my-role"'));
    });

    it('missing-admin for no admins property and for empty lists', () => {
      const without = withTop('').replace('"admins": { "roles": ["$admin"] },', '');
      assert.deepStrictEqual([only(without).code, only(without).offset], ['missing-admin', 0]);
      const empty = withTop('').replace('{ "roles": ["$admin"] }', '{ "roles": [], "users": [] }');
      const issue = only(empty);
      assert.equal(issue.code, 'missing-admin');
      assert.equal(issue.message, 'admins must name at least one role, group or user');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(empty, '{ "roles": [], "users": [] }'));
    });

    it('invalid-regex', () => {
      const text = withTop('"excludeRegex": "tmp_("');
      const issue = only(text);
      assert.equal(issue.code, 'invalid-regex');
      assert.equal(issue.message, 'excludeRegex is not a valid regular expression: Unterminated group');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"tmp_("'));
    });

    it('invalid-cron', () => {
      const text = withTop('"schedule": { "cron": "45 4 * *", "timezone": "UTC" }');
      const issue = only(text);
      assert.equal(issue.code, 'invalid-cron');
      assert.equal(issue.message, 'schedule.cron has 4 fields; expected 5 (minute hour day-of-month month day-of-week)');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"45 4 * *"'));
    });

    it('invalid-cron for a schedule that never runs, at the cron', () => {
      const text = withTop('"schedule": { "cron": "0 0 30 2 *", "timezone": "Europe/Paris" }');
      const issue = only(text);
      assert.deepStrictEqual([issue.code, issue.severity], ['invalid-cron', 'error']);
      assert.equal(issue.message, 'schedule.cron never fires (this schedule never runs): day-of-month "30" does not occur in month "2"');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"0 0 30 2 *"'));
    });

    it('unknown-timezone', () => {
      const text = withTop('"schedule": { "cron": "45 4 * * *", "timezone": "Europe/Pariss" }');
      const issue = only(text);
      assert.equal(issue.code, 'unknown-timezone');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"Europe/Pariss"'));
    });

    describe('include-exclude-overlap (an error)', () => {
      it('at the included schema, naming the database, the schema and what to remove', () => {
        const text = withTop('"include": { "analytics": ["public", "sales"] }, "exclude": { "analytics": ["sales"] }');
        const { issues, config } = parseConfig(text);
        assert.equal(config, undefined);
        assert.equal(issues.length, 1);
        const issue = issues[0];
        assert.deepStrictEqual([issue.code, issue.severity], ['include-exclude-overlap', 'error']);
        assert.deepStrictEqual(issue.path, ['include', 'analytics', 1]);
        assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"sales"'));
        assert.equal(
          issue.message,
          'include.analytics[1]: schema "sales" of database "analytics" is also excluded by exclude.analytics[0]; exclude wins, ' +
            'so the crawl would skip it. Remove it from exclude.analytics to crawl it, or from include.analytics if it should not be crawled',
        );
      });

      it('for equivalent spellings: plain names and their anchored regexes', () => {
        for (const [include, exclude] of [
          ['{ "analytics": ["public"] }', '{ "^analytics$": ["^public$"] }'],
          ['{ "^analytics$": ["^public$"] }', '{ "analytics": ["public"] }'],
          ['{ "analytics": ["^public$"] }', '{ "^analytics$": ["public"] }'],
        ]) {
          const issues = parseConfig(withTop(`"include": ${include}, "exclude": ${exclude}`)).issues.filter((i) => i.code === 'include-exclude-overlap');
          assert.equal(issues.length, 1, `${include} / ${exclude}`);
          assert.equal(issues[0].severity, 'error');
          assert.match(issues[0].message, /database "\^?analytics\$?"/);
        }
      });

      it('not for different schemas, databases or regexes that merely overlap', () => {
        const text = withTop('"include": { "analytics": ["public", "^sales_.*$"] }, "exclude": { "analytics": ["sales_eu"], "other": ["public"] }');
        assert.deepStrictEqual(parseConfig(text).issues.filter((i) => i.code === 'include-exclude-overlap'), []);
      });

      it('even when other parts of the file are invalid', () => {
        const text = withTop('"include": { "analytics": ["public"] }, "exclude": { "analytics": ["public"] }, "rowLimit": 0')
          .replace('"method": "direct"', '"method": "drect"');
        const codes = parseConfig(text).issues.map((i) => i.code);
        assert.ok(codes.includes('include-exclude-overlap'), codes.join());
        assert.ok(codes.includes('out-of-range'), codes.join());
      });

      it('not when include or exclude is itself invalid (that error says it)', () => {
        const codes = parseConfig(withTop('"include": { "analytics": ["public", 3] }, "exclude": { "analytics": ["public"] }')).issues.map((i) => i.code);
        assert.deepStrictEqual(codes, ['wrong-type']);
      });
    });

    it('duplicate-entry (warning)', () => {
      const text = withTop('').replace('["$admin"]', '["$admin", "$admin"]');
      const issue = only(text);
      assert.deepStrictEqual([issue.code, issue.severity], ['duplicate-entry', 'warning']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"$admin"', 2));
    });

    it('filter-metacharacters (warning), not for anchored regexes', () => {
      const text = withTop('"include": { "analytics": ["sales.v2", "^tmp_.*$"] }');
      const issue = only(text);
      assert.deepStrictEqual([issue.code, issue.severity], ['filter-metacharacters', 'warning']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"sales.v2"'));
    });

    it('role-arn-not-role (warning)', () => {
      const text = withTop('').replace(
        '"auth": { "type": "basic", "username": "crawler", "password": { "secret": "warehouse-prod" } }',
        '"auth": { "type": "iam_role", "username": "c", "roleArn": "arn:aws:iam::123456789012:user/u" }',
      );
      assert.deepStrictEqual([only(text).code, only(text).severity], ['role-arn-not-role', 'warning']);
    });

    it('source-filter-without-include (warning)', () => {
      const text = withTop('"sourceLevelFiltering": true');
      const issue = only(text);
      assert.deepStrictEqual([issue.code, issue.severity], ['source-filter-without-include', 'warning']);
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, 'true'));
    });

    it('an empty database name in a filter, at its key', () => {
      const text = withTop('"include": { "": ["x"] }');
      const issue = only(text);
      assert.equal(issue.code, 'empty-value');
      assert.equal(issue.message, 'include has an empty database name');
      assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '""'));
    });

    it('S3 extraction with a missing bucket and an empty prefix', () => {
      const text = withTop('').replace(/"extraction": \{[\s\S]*\} \}/, '"extraction": { "method": "s3", "prefix": "" }');
      const { issues } = parseConfig(text);
      assert.deepStrictEqual(issues.map((i) => [i.code, i.path.join('.')]), [
        ['missing-property', 'extraction.bucket'],
        ['empty-value', 'extraction.prefix'],
      ]);
      assert.equal(issues[0].message, 'extraction is missing the required property "bucket"');
    });
  });

  it('reports every problem of a file at once, in text order', () => {
    const text = readFileSync(fixturePath('configs', 'invalid-many.atlan-postgres.json'), 'utf8');
    const { issues, config } = parseConfig(text);
    assert.equal(config, undefined);
    assert.deepStrictEqual(issues.map((i) => i.code), [
      'empty-value', 'missing-admin', 'unknown-key', 'port-type', 'literal-secret', 'invalid-regex', 'invalid-cron', 'unknown-timezone',
    ]);
    const offsets = issues.map((i) => i.offset);
    assert.deepStrictEqual(offsets, [...offsets].sort((a, b) => a - b));
  });

  it('only uses documented codes, and every message names a path or the file', () => {
    const texts = [
      readFileSync(fixturePath('configs', 'invalid-many.atlan-postgres.json'), 'utf8'),
      readFileSync(fixturePath('configs', 'warnings-only.atlan-postgres.json'), 'utf8'),
      '[1, 2]',
      '{"connectionName": 5, "admins": [], "extraction": {"method": "s3", "bucket": 1, "prefix": null}}',
    ];
    for (const text of texts) {
      for (const issue of parseConfig(text).issues) {
        assert.ok(issue.code in ISSUE_CODES, issue.code);
        assert.ok(issue.offset >= 0 && issue.offset + issue.length <= text.length);
        assert.ok(issue.message.length > 10);
      }
    }
  });

  it('rejects nesting deeper than 64 levels without exhausting the stack', () => {
    const text = '['.repeat(20000) + ']'.repeat(20000);
    const issue = only(text);
    assert.deepStrictEqual([issue.code, issue.offset], ['syntax-error', 64]);
    assert.match(issue.message, /more than 64 levels deep/);
  });

  it('rejects a "__proto__" property instead of letting it set a prototype', () => {
    const text = withTop('"include": { "__proto__": ["a"] }');
    const issue = only(text);
    assert.equal(issue.code, 'invalid-value');
    assert.deepStrictEqual({ offset: issue.offset, length: issue.length }, at(text, '"__proto__"'));
  });

  it('reports numbers too large to represent', () => {
    const issue = only(withTop('"rowLimit": 1e400'));
    assert.deepStrictEqual([issue.code, issue.message], ['out-of-range', 'rowLimit is too large to be a number']);
  });

  it('rejects a document that is not an object', () => {
    const issue = only('"just a string"');
    assert.equal(issue.code, 'wrong-type');
    assert.equal(issue.message, 'the file must be an object, not a string');
  });

  it('lineColumn counts from 1', () => {
    assert.deepStrictEqual(lineColumn('ab\ncd', 4), { line: 2, column: 2 });
    assert.deepStrictEqual(lineColumn('ab', 0), { line: 1, column: 1 });
  });
});
