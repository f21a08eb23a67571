/**
 * Child-process entry of the benches' sandbox: runs the sandbox tenant in its own process so its
 * CPU (search evaluation, JSON encoding) does not run on the event loop whose timings we measure.
 *
 *   node out/bench/lib/sandboxMain.js '{"clockSpeed":1}'
 *
 * Prints one JSON line (`{url, apiToken, port, pid}`) when ready. Exits on SIGTERM / SIGINT, and
 * when its stdin closes, so a bench that dies never leaves a server behind.
 */
import { createInterface } from 'node:readline';
import * as z from 'zod';
import type { AppRunRecord } from '../../sandbox/apps/appRecords';
import { fakeCrawler } from '../../sandbox/crawlerPort';
import { LABEL } from '../../sandbox/legacy/documents';
import type { SearchIndex } from '../../sandbox/search/searchIndex';
import { startSandbox } from '../../sandbox/server';
import { ChildOptions, Question, type LatestRunsAnswer, type ReadyLine } from './sandboxProtocol';

/**
 * Each Postgres crawler's newest run, straight from the stored documents (the run's template label and
 * creation time): the ground truth the refresh bench checks every approach against.
 */
export function latestRunsInState(workflows: SearchIndex, runs: SearchIndex): LatestRunsAnswer['latestRuns'] {
  const newest = new Map<string, { id: string; at: string }>();
  for (const doc of runs.values()) {
    const metadata = doc.source.metadata as { labels?: Record<string, string>; creationTimestamp?: string } | undefined;
    const template = metadata?.labels?.[LABEL.template];
    const at = metadata?.creationTimestamp ?? '';
    if (!template) continue;
    const seen = newest.get(template);
    if (!seen || at > seen.at) newest.set(template, { id: doc.id, at });
  }
  const out: LatestRunsAnswer['latestRuns'] = {};
  for (const workflow of workflows.values()) {
    // Postgres crawlers only: the seed's miner is another package, which no crawler list shows.
    const annotations = (workflow.source.metadata as { annotations?: Record<string, string> } | undefined)?.annotations;
    if (annotations?.['package.argoproj.io/name'] !== '@atlan/postgres') continue;
    out[workflow.id] = newest.get(workflow.id)?.id ?? null;
  }
  return out;
}

/** Each App workflow's newest run (by start, then by record order), from the App run records. */
export function latestAppRunsInState(apps: ReadonlyMap<string, unknown>, appRuns: ReadonlyMap<string, AppRunRecord>): LatestRunsAnswer['latestAppRuns'] {
  const newest = new Map<string, { id: string; at: number; order: number }>();
  let order = 0;
  for (const run of appRuns.values()) {
    const at = run.startedAtMs ?? Number.POSITIVE_INFINITY;
    const seen = newest.get(run.slug);
    order++;
    if (!seen || at > seen.at || (at === seen.at && order > seen.order)) newest.set(run.slug, { id: run.runId, at, order });
  }
  const out: LatestRunsAnswer['latestAppRuns'] = {};
  for (const slug of apps.keys()) out[slug] = newest.get(slug)?.id ?? null;
  return out;
}

async function main(): Promise<void> {
  let raw: unknown;
  try {
    raw = JSON.parse(process.argv[2] ?? '{}');
  } catch {
    throw new Error(`the options argument is not JSON: ${process.argv[2]}`);
  }
  const parsed = ChildOptions.safeParse(raw);
  if (!parsed.success) throw new Error(`invalid options: ${z.prettifyError(parsed.error)}`);
  const sandbox = await startSandbox({
    port: 0,
    clockSpeed: parsed.data.clockSpeed,
    indexLagMs: parsed.data.indexLagMs,
    surfaces: 'legacy',
    // The fake crawler: the benches measure the API, not a crawl of a real database.
    crawler: fakeCrawler,
    log: (line) => process.stderr.write(`sandbox: ${line}\n`),
  });
  // The search switches belong to the tenant, not its data: an admin reset keeps them.
  sandbox.app.tenant.runs.features = { ...parsed.data.runsSearch };
  const ready: ReadyLine = { url: sandbox.url, apiToken: sandbox.tokens.apiToken, port: sandbox.port, pid: process.pid };
  process.stdout.write(`${JSON.stringify(ready)}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sandbox.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sandbox: error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  createInterface({ input: process.stdin }).on('line', (line) => {
    const question = Question.safeParse(JSON.parse(line));
    if (!question.success) {
      process.stderr.write(`sandbox: not a question: ${line.slice(0, 200)}\n`);
      return;
    }
    const { tenant } = sandbox.app;
    const answer: LatestRunsAnswer = { latestRuns: latestRunsInState(tenant.workflows, tenant.runs), latestAppRuns: latestAppRunsInState(tenant.apps, tenant.appRuns) };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
