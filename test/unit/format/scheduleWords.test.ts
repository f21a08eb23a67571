import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkCron } from '../../../src/core/config/cron';
import { cronInWords, describeSchedule } from '../../../src/core/format/scheduleWords';

describe('schedules in words', () => {
  const cases: [cron: string, words: string | undefined][] = [
    ['* * * * *', 'every minute'],
    ['*/1 * * * *', 'every minute'],
    ['*/15 * * * *', 'every 15 minutes'],
    ['?/5 * * * ?', 'every 5 minutes'],
    ['0 * * * *', 'every hour'],
    ['30 * * * *', 'every hour at :30'],
    ['0 */1 * * *', 'every hour'],
    ['15 */6 * * *', 'every 6 hours from 00:15'],
    ['45 4 * * *', 'daily at 04:45'],
    ['0 0 * * ?', 'daily at 00:00'],
    ['0 6,18 * * *', 'daily at 06:00 and 18:00'],
    ['0,30 8 * * *', 'daily at 08:00 and 08:30'],
    ['0 9-17 * * *', 'daily every hour from 09:00 to 17:00'],
    ['0 9 * * 1', 'every Monday at 09:00'],
    ['0 9 * * MON', 'every Monday at 09:00'],
    ['30 7 * * 1-5', 'every weekday at 07:30'],
    ['30 7 * * mon-fri', 'every weekday at 07:30'],
    ['0 10 * * 0,6', 'every Saturday and Sunday at 10:00'],
    ['0 10 * * 5,1,3', 'every Monday, Wednesday and Friday at 10:00'],
    ['0 12 * * 0', 'every Sunday at 12:00'],
    ['0 0 1 * *', 'on the 1st of every month at 00:00'],
    ['0 0 1,15 * *', 'on the 1st and 15th of every month at 00:00'],
    ['0 3 2,3,11,22,23 * *', 'on the 2nd, 3rd, 11th, 22nd and 23rd of every month at 03:00'],
    ['0 0 1 1 *', 'on 1 January at 00:00'],
    ['0 0 29 2 *', 'on 29 February at 00:00'],
    ['0 0 1 1,4,7,10 *', 'on the 1st of January, April, July and October at 00:00'],
    ['0 0 * 12 *', 'every day in December at 00:00'],
    ['0 8 * JAN-MAR MON', 'every Monday in January, February and March at 08:00'],
    // No short exact wording: the cron stays.
    ['*/20 * * * *', 'every 20 minutes'],
    ['0 */8 * * *', 'every 8 hours from 00:00'],
    // */45 fires at :00 and :45, */5 hours at 00, 05 ... 20 and again at 00: no even interval.
    ['*/45 * * * *', undefined],
    ['0 */5 * * *', undefined],
    ['0-30/10 * * * *', undefined],
    ['5/10 * * * *', undefined],
    ['*/15 9-17 * * 1-5', undefined],
    ['* 9 * * *', undefined],
    ['0 * * * 1', undefined],
    ['0 */2 * * 1', undefined],
    ['0 9 1 * 1', undefined],
    ['0 0 */2 * *', undefined],
    ['0 1,3,5,7,9 * * *', undefined],
    ['0 0 31 4,6 *', undefined],
    ['0 0 30 2 *', undefined],
    // Not cron at all.
    ['', undefined],
    ['@daily', undefined],
    ['0 0 * *', undefined],
    ['60 0 * * *', undefined],
    ['0 24 * * *', undefined],
    ['0 0 * * 7', undefined],
    ['0 0 5-1 * *', undefined],
    ['x 0 * * *', undefined],
    ['*/0 * * * *', undefined],
  ];
  for (const [cron, words] of cases) {
    it(`${JSON.stringify(cron)} -> ${words ?? 'the cron itself'}`, () => {
      assert.equal(cronInWords(cron)?.text, words);
    });
  }

  it('adds the time zone where it decides when the schedule fires', () => {
    assert.equal(describeSchedule({ cron: '45 4 * * *', timezone: 'Europe/Paris' }), 'daily at 04:45 (Europe/Paris)');
    assert.equal(describeSchedule({ cron: '0 9 * * 1', timezone: 'UTC' }), 'every Monday at 09:00 (UTC)');
    assert.equal(describeSchedule({ cron: '30 * * * *', timezone: 'Asia/Kolkata' }), 'every hour at :30 (Asia/Kolkata)');
    assert.equal(describeSchedule({ cron: '*/15 * * * *', timezone: 'Europe/Paris' }), 'every 15 minutes');
    assert.equal(describeSchedule({ cron: '0 9 * * 1' }), 'every Monday at 09:00 (UTC)', 'no zone means UTC');
  });

  it('falls back to the cron and its zone', () => {
    assert.equal(describeSchedule({ cron: ' 0-30/10 * * * * ', timezone: 'America/New_York' }), '0-30/10 * * * * (America/New_York)');
  });

  it('puts only schedules Atlan accepts and that fire into words', () => {
    const value = (max: number): fc.Arbitrary<string> => fc.integer({ min: 0, max }).map(String);
    const item = (max: number): fc.Arbitrary<string> =>
      fc.oneof(value(max), fc.tuple(value(max), value(max)).map(([a, b]) => `${a}-${b}`), fc.integer({ min: 0, max: max + 2 }).map((n) => `*/${n}`), fc.constant('*'), fc.constant('?'));
    const field = (max: number): fc.Arbitrary<string> => fc.array(item(max), { minLength: 1, maxLength: 3 }).map((items) => items.join(','));
    fc.assert(
      fc.property(fc.tuple(field(61), field(25), field(32), field(13), field(8)), (fields) => {
        const cron = fields.join(' ');
        const words = cronInWords(cron);
        if (words) assert.equal(checkCron(cron), undefined, `${cron} was put into words as "${words.text}"`);
      }),
      { numRuns: 500, seed: 20261204 },
    );
  });
});
