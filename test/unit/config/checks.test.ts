import assert from 'node:assert/strict';
import { checkCron } from '../../../src/core/config/cron';
import { checkJavaRegex } from '../../../src/core/config/javaRegex';
import { checkTimezone } from '../../../src/core/config/timezone';

describe('checkCron (five-field, as Argo / robfig accepts it)', () => {
  for (const ok of ['45 4 * * *', '*/5 * * * *', '0 0 1-15/2 JAN-JUN mon-fri', '0 9 * * 1,3,5', '0 0 ? * SUN', '  0   0 * * *  ', '59 23 31 12 6']) {
    it(`accepts "${ok}"`, () => assert.equal(checkCron(ok), undefined));
  }
  const bad: [string, RegExp][] = [
    ['', /must not be empty/],
    ['@daily', /descriptor "@daily"/],
    ['0 0 * *', /has 4 fields; expected 5/],
    ['0 0 0 * * *', /has 6 fields/],
    ['60 * * * *', /minute field "60": 60 is outside 0-59/],
    ['0 24 * * *', /hour field/],
    ['0 0 0 * *', /day-of-month field "0": 0 is outside 1-31/],
    ['0 0 * 13 *', /month field/],
    ['0 0 * * 7', /use 0 for Sunday/],
    ['5-1 * * * *', /range start 5 is after its end 1/],
    ['*/0 * * * *', /step must be at least 1/],
    ['1/x * * * *', /step "x" is not a number/],
    ['0 0 L * *', /"L" is not a number/],
    ['0 0 * * MON#2', /not a number or one of SUN/],
    ['1,,2 * * * *', /empty list entry/],
    ['*/61 * * * *', /minute field "\*\/61": step 61 is larger than the minute range 0-59/],
    ['0 0 */32 * *', /step 32 is larger than the day-of-month range 1-31/],
    ['0 0 1 5/13 *', /step 13 is larger than the month range 1-12/],
  ];
  for (const [expr, message] of bad) {
    it(`rejects "${expr}"`, () => assert.match(checkCron(expr) ?? '', message));
  }
});

describe('checkCron: schedules that never fire', () => {
  const never: [string, string][] = [
    ['0 0 30 2 *', 'never fires (this schedule never runs): day-of-month "30" does not occur in month "2"'],
    ['15 3 31 4,6,9,11 ?', 'never fires (this schedule never runs): day-of-month "31" does not occur in month "4,6,9,11"'],
    ['0 0 30-31 FEB *', 'never fires (this schedule never runs): day-of-month "30-31" does not occur in month "FEB"'],
    ['0 0 31 2-4/2 *', 'never fires (this schedule never runs): day-of-month "31" does not occur in month "2-4/2"'],
  ];
  for (const [expr, message] of never) it(`rejects "${expr}"`, () => assert.equal(checkCron(expr), message));
  // 29 February comes every four years; a named weekday makes robfig match either day (OR).
  for (const ok of ['0 0 29 2 *', '0 0 30 2 MON', '0 0 31 2,3 *', '0 0 31 */2 *', '*/60 * * * *', '0 0 */31 * *', '0 0 * * */7']) {
    it(`accepts "${ok}"`, () => assert.equal(checkCron(ok), undefined));
  }
});

describe('checkTimezone', () => {
  for (const ok of ['Europe/Paris', 'UTC', 'America/New_York', 'Etc/GMT-2', 'Asia/Kolkata']) {
    it(`accepts ${ok}`, () => assert.equal(checkTimezone(ok), undefined));
  }
  it('rejects an unknown zone', () => assert.match(checkTimezone('Mars/Olympus') ?? '', /not a known IANA time zone/));
  it('rejects wrong case with a suggestion', () => assert.match(checkTimezone('europe/paris') ?? '', /did you mean "Europe\/Paris"/));
  it('rejects offsets', () => {
    for (const offset of ['+02:00', 'UTC+2', 'GMT-5']) assert.match(checkTimezone(offset) ?? '', /is an offset/);
  });
  it('rejects empty', () => assert.match(checkTimezone(' ') ?? '', /must not be empty/));
});

describe('checkJavaRegex', () => {
  const valid = ['.*_TEST', '(?i).*_test', '(?i:tmp)_.*', 'a{2,3}+', '\\Qa.b\\E', '(?>ab)c', '[]]', '\\p{Alpha}+', '[\\p{L}_]+', '\\Atmp_.*\\z', 'x*+', '^(foo|bar)_\\d+$'];
  for (const source of valid) {
    it(`accepts ${JSON.stringify(source)}`, () => assert.deepStrictEqual(checkJavaRegex(source), {}));
  }
  const invalid: [string, RegExp][] = [
    ['tmp_(', /Unterminated group/],
    ['*a', /Nothing to repeat/],
    ['a{', /does not start a repetition/],
    ['\\y', /"\\y", which is not an escape sequence/],
    ['[^]', /Unterminated character class/],
    ['[]a', /Unterminated character class/],
    ['a\\', /lone backslash/],
    ['\\p{Alpha', /unclosed "\\p\{"/],
  ];
  for (const [source, message] of invalid) {
    it(`rejects ${JSON.stringify(source)}`, () => assert.match(checkJavaRegex(source).error ?? '', message));
  }
});
