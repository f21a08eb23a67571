import * as assert from 'node:assert/strict';
import type { CrawlerRun, RunStep } from '../../../src/core/atlan/backend';
import { assetCountsIn, orderStepsFailedFirst, runDetailsMarkdown } from '../../../src/core/format/runDetails';

const step = (name: string, phase: string, startedAt?: string, finishedAt?: string, message?: string): RunStep => ({
  name,
  phase,
  ...(startedAt ? { startedAt } : {}),
  ...(finishedAt ? { finishedAt } : {}),
  ...(message ? { message } : {}),
});

const failedRun: CrawlerRun = {
  id: 'atlan-postgres-1714638976-abcde',
  workflowName: 'atlan-postgres-1714638976',
  phase: 'Failed',
  startedAt: '2026-03-01T10:00:00Z',
  finishedAt: '2026-03-01T10:00:20Z',
  progress: '1/3',
  startedBy: 'jane',
  message: 'child failed',
  failedSteps: [{ name: 'extract', phase: 'Failed', message: 'password authentication failed for user "crawler"' }],
  steps: [
    step('preflight-check', 'Succeeded', '2026-03-01T10:00:03Z', '2026-03-01T10:00:08Z'),
    step('extract', 'Failed', '2026-03-01T10:00:08Z', '2026-03-01T10:00:20Z', 'password authentication failed for user "crawler"'),
    step('publish', 'Omitted'),
  ],
};

const options = { surface: 'workflows' as const, locale: 'en-US', timeZone: 'UTC', now: Date.parse('2026-03-01T11:00:00Z') };

describe('Run details', () => {
  it('orders failed steps first, the rest in the order they started', () => {
    const steps = [step('a', 'Succeeded'), step('b', 'Error'), step('c', 'Running'), step('d', 'Failed'), step('e', 'Pending')];
    assert.deepEqual(orderStepsFailedFirst(steps).map((s) => s.name), ['b', 'd', 'a', 'c', 'e']);
    assert.deepEqual(orderStepsFailedFirst([]), []);
  });

  it('reads the asset counts a crawl reports in its message', () => {
    assert.deepEqual(assetCountsIn('Crawled analytics: 1 database, 3 schemas, 12 tables, 2 views, 1,080 columns'), [
      { kind: 'database', count: 1 },
      { kind: 'schema', count: 3 },
      { kind: 'table', count: 12 },
      { kind: 'view', count: 2 },
      { kind: 'column', count: 1080 },
    ]);
    assert.deepEqual(assetCountsIn('child failed'), []);
    assert.deepEqual(assetCountsIn(undefined), []);
  });

  it('shows a failed run: why first, the summary, then its steps with the failed one first', () => {
    const md = runDetailsMarkdown(failedRun, { ...options, connectionName: 'warehouse-prod' });
    const lines = md.split('\n');
    assert.equal(lines[0], '# warehouse-prod: run Failed');
    assert.equal(lines[2], '**Failed in extract**: password authentication failed for user "crawler"');
    assert.ok(lines.includes('| Run | `atlan-postgres-1714638976-abcde` |'), md);
    assert.ok(lines.includes('| Started | Mar 1, 10:00:00 by jane |'), md);
    assert.ok(lines.includes('| Took | 20s |'), md);
    assert.ok(lines.includes('| Steps done | 1/3 |'), md);
    const header = lines.indexOf('| Step | Phase | Started | Duration | Message |');
    assert.ok(header > 0, md);
    assert.deepEqual(lines.slice(header + 2, header + 5), [
      '| extract | **Failed** | Mar 1, 10:00:08 | 12s | password authentication failed for user "crawler" |',
      '| preflight-check | Succeeded | Mar 1, 10:00:03 | 5s |  |',
      '| publish | Omitted |  |  |  |',
    ]);
    assert.ok(!md.includes('## Assets'), 'no counts in the message, no Assets section');
  });

  it('shows the asset counts of a run that reports them, and a run in flight with its running time', () => {
    const succeeded: CrawlerRun = { ...failedRun, phase: 'Succeeded', progress: '3/3', message: 'Crawled analytics: 1 database, 3 schemas, 12 tables, 2 views, 80 columns', failedSteps: [], steps: [] };
    const md = runDetailsMarkdown(succeeded, options);
    assert.ok(md.includes('## Assets\n\n| Databases | Schemas | Tables | Views | Columns |\n|---:|---:|---:|---:|---:|\n| 1 | 3 | 12 | 2 | 80 |\n'), md);
    assert.ok(!md.includes('**Failed in'), md);
    assert.ok(md.includes('The run reported no steps.'), md);

    const running: CrawlerRun = { ...failedRun, phase: 'Running', finishedAt: undefined, message: undefined, failedSteps: [], steps: [step('preflight-check', 'Running', '2026-03-01T10:59:50Z')] };
    const live = runDetailsMarkdown(running, options);
    assert.ok(live.includes('| Running for | 1h 00m |'), live);
    assert.ok(live.includes('| preflight-check | Running | Mar 1, 10:59:50 | 10s |  |'), live);
    assert.ok(live.includes('| Message | _none_ |'), live);
  });

  it('says steps are not available on the App API, and gives no duration to a finished run without an end', () => {
    const app: CrawlerRun = { id: 'r-1', workflowName: 'pg-3f9ab2c1', phase: 'Succeeded', startedAt: '2026-03-01T10:00:00Z', failedSteps: [] };
    const md = runDetailsMarkdown(app, { ...options, surface: 'apps' });
    assert.ok(md.includes('Steps are not available: the App API reports a run as a whole, without its steps.'), md);
    assert.ok(!/Took|Running for/.test(md), md);
  });

  it('shows the step a stop cut short as Stopped, not as the reason the run failed', () => {
    const stopped: CrawlerRun = {
      ...failedRun,
      phase: 'Stopped',
      message: "Stopped with strategy 'Stop'",
      failedSteps: [],
      steps: [step('preflight-check', 'Succeeded', '2026-03-01T10:00:03Z', '2026-03-01T10:00:08Z'), step('extract', 'Failed', '2026-03-01T10:00:08Z', '2026-03-01T10:00:12Z', 'workflow shutdown with strategy:  Stop')],
    };
    const md = runDetailsMarkdown(stopped, options);
    assert.ok(!md.includes('**Failed in'), md);
    const rows = md.split('\n').filter((l) => /^\| (preflight-check|extract) \|/.test(l));
    assert.deepEqual(rows.map((r) => r.split(' | ').slice(0, 2).join(' | ')), ['| preflight-check | Succeeded', '| extract | Stopped']);
  });

  it('keeps tenant text from turning into markup', () => {
    const md = runDetailsMarkdown({ ...failedRun, message: 'bad | <img src=x> **bold**\nsecond line' }, options);
    assert.ok(md.includes('| Message | bad \\| \\<img src=x\\> \\*\\*bold\\*\\* second line |'), md);
  });
});

describe('runDetailsMarkdown: finished without an end time', () => {
  it('shows no duration for the run nor its steps, whatever the clock says', () => {
    const run = {
      id: 'r-1',
      workflowName: 'orders-1a2b',
      phase: 'Succeeded',
      startedAt: '2026-03-05T10:00:00Z',
      failedSteps: [],
      steps: [{ name: 'extract', phase: 'Succeeded', startedAt: '2026-03-05T10:00:05Z' }],
    };
    const at = (now: number): string => runDetailsMarkdown(run, { surface: 'apps', now, locale: 'en-GB', timeZone: 'UTC' });
    const later = at(Date.parse('2026-03-05T11:00:00Z'));
    assert.equal(at(Date.parse('2026-03-05T10:30:00Z')), later, 'nothing grows with the clock');
    assert.ok(!/\b\d+m \d{2}s\b|\b\d+h \d{2}m\b/.test(later), later);
  });
});
