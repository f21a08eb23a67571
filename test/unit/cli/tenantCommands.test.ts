/**
 * submit, rerun, workflows, runs, monitor and diff through the CLI's main(), against a sandbox tenant of
 * each API surface (the CLI detects which).
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROLES } from '../../../sandbox/directory';
import { ExitCode } from '../../../src/cli/exitCodes';
import { cli, configText, FAST_TUNING, PG_PASSWORD, readConfig, recordedWorkflow, startTestTenant, writeConfig, type TestTenant } from './cliHarness';

for (const surfaces of ['legacy', 'apps'] as const) {
  const surface = surfaces === 'legacy' ? 'workflows' : 'apps';

  describe(`atlan-postgres tenant commands (${surfaces} sandbox)`, function () {
    this.timeout(10_000);
    let tenant: TestTenant;
    let counter = 0;
    /** A connection name no other test uses (the App API names workflows after it). */
    const uniqueConnection = () => `cli-${surfaces}-${++counter}`;

    before(async () => {
      tenant = await startTestTenant(surfaces);
    });
    after(async () => {
      await tenant.stop();
    });
    afterEach(() => tenant.crawler.release());

    /** Submits a fresh configuration and returns its file and workflow name. */
    async function submitted(args: string[] = [], connection = uniqueConnection()): Promise<{ file: string; name: string; connection: string }> {
      const file = writeConfig(tenant, connection, configText(connection));
      const result = await cli(tenant, ['submit', file, ...args]);
      assert.equal(result.code, ExitCode.ok, result.err);
      return { file, name: recordedWorkflow(file), connection };
    }

    describe('submit', () => {
      it('creates and runs the workflow, records its name in the file and keeps the comments', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection));
        const result = await cli(tenant, ['submit', file]);
        assert.equal(result.code, ExitCode.ok, result.err);
        const name = recordedWorkflow(file);
        if (surface === 'workflows') assert.match(name, /^atlan-postgres-\d{10}$/);
        else assert.ok(name.startsWith(connection), `slug ${name} is named after the connection`);
        assert.match(result.out, new RegExp(`Created ${name} for connection "${connection}" on http://127\\.0\\.0\\.1:\\d+`));
        assert.match(result.out, surface === 'workflows' ? /First run: submitted; it shows in "atlan-postgres runs .*" once Atlan reports it\./ : /First run: \S+ Pending/);
        const text = readConfig(file);
        assert.match(text, /\/\/ Crawler for .*: comments must survive the submit\./);
        assert.match(text, /\/\* only public \*\//);
        assert.equal(text.replace(/\n {2}"workflow": "[^"]+",/, ''), configText(connection), 'only the workflow line was added');
      });

      it('keeps the App body it sent for a later run (0600, in XDG_CONFIG_HOME, no secret)', async () => {
        if (surface !== 'apps') return;
        const { name } = await submitted();
        const path = join(tenant.dir, 'config', 'atlan-postgres', 'app-sent-bodies.json');
        assert.equal(statSync(path).mode & 0o777, 0o600);
        const text = readFileSync(path, 'utf8');
        assert.ok(!text.includes(PG_PASSWORD), 'no secret in the kept body');
        const kept = (JSON.parse(text) as { tenants: Record<string, Record<string, { body: { inputs: { credential?: { host?: string } } } }>> }).tenants[new URL(tenant.sandbox.url).origin];
        assert.ok(kept?.[name], `the body of ${name} is kept under the tenant's origin`);
        assert.equal(typeof kept[name].body.inputs.credential?.host, 'string', "the credential's identity is kept for comparisons");
      });

      it('submits a file with a UTF-8 byte order mark and keeps the mark when it records the name', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, `\uFEFF${configText(connection)}`);
        const result = await cli(tenant, ['submit', file]);
        assert.equal(result.code, ExitCode.ok, result.err);
        const text = readConfig(file);
        assert.ok(text.startsWith('\uFEFF') && !text.startsWith('\uFEFF\uFEFF'), 'one byte order mark, as before');
        assert.equal(text.slice(1).replace(/\n {2}"workflow": "[^"]+",/, ''), configText(connection), 'only the workflow line was added');
      });

      it('prints one JSON document with --json, progress on stderr', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection));
        const result = await cli(tenant, ['submit', file, '--json', '--wait']);
        assert.equal(result.code, ExitCode.ok, result.err);
        const doc = JSON.parse(result.out);
        assert.equal(doc.surface, surface);
        assert.equal(doc.workflow.name, recordedWorkflow(file));
        assert.equal(doc.recorded, true);
        assert.equal(doc.run.phase, 'Succeeded');
        assert.equal(doc.outcome, 'succeeded');
        assert.match(result.err, /\sSucceeded\b/);
      });

      it('refuses a second submit of the same file with exit 2, pointing at rerun', async () => {
        const { file, name } = await submitted();
        const before = readConfig(file);
        const again = await cli(tenant, ['submit', file]);
        assert.equal(again.code, ExitCode.invalid);
        assert.match(again.err, new RegExp(`records workflow ${name}, which exists on the tenant`));
        assert.match(again.err, /duplicates every asset/);
        assert.match(again.err, new RegExp(`atlan-postgres rerun ${name}`));
        assert.match(again.err, /--create-anyway/);
        assert.equal(readConfig(file), before, 'the file is untouched');
      });

      it('refuses a new file whose connection name the tenant already has a workflow for', async () => {
        const { connection, name } = await submitted();
        const copy = writeConfig(tenant, `${connection}-copy`, configText(connection));
        const result = await cli(tenant, ['submit', copy, '--json']);
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, new RegExp(`already has workflow ${name} for connection "${connection}"`));
        const doc = JSON.parse(result.out);
        assert.deepEqual(doc.error.duplicates.map((w: { name: string }) => w.name), [name]);
        assert.doesNotMatch(readConfig(copy), /"workflow"/);
      });

      if (surface === 'workflows') {
        it('creates a second workflow with --create-anyway and records the new name', async () => {
          const { file, name } = await submitted();
          const result = await cli(tenant, ['submit', file, '--create-anyway']);
          assert.equal(result.code, ExitCode.ok, result.err);
          assert.match(result.err, /warning: creating anyway/);
          const second = recordedWorkflow(file);
          assert.notEqual(second, name);
          assert.match(result.out, new RegExp(`Created ${second}`));
        });
      } else {
        it('creates with --create-anyway when the recorded workflow is gone; the tenant still refuses a duplicate name', async () => {
          const connection = uniqueConnection();
          const file = writeConfig(tenant, connection, configText(connection, { workflow: 'deleted-crawler-0a1b2c3d' }));
          const refused = await cli(tenant, ['submit', file]);
          assert.equal(refused.code, ExitCode.invalid);
          assert.match(refused.err, /records workflow deleted-crawler-0a1b2c3d, which this tenant does not have/);
          const created = await cli(tenant, ['submit', file, '--create-anyway']);
          assert.equal(created.code, ExitCode.ok, created.err);
          const slug = recordedWorkflow(file);
          assert.notEqual(slug, 'deleted-crawler-0a1b2c3d');
          // The App API itself never creates two workflows of one name.
          const again = await cli(tenant, ['submit', file, '--create-anyway']);
          assert.equal(again.code, ExitCode.invalid);
          assert.match(again.err, new RegExp(`a workflow named ${connection} already exists \\(slug ${slug}\\)`));
        });
      }

      it('--wait exits 0 when the first run succeeds and 4 when it fails', async () => {
        const ok = await submitted(['--wait']);
        const okRuns = await cli(tenant, ['runs', ok.file, '--json']);
        assert.equal(JSON.parse(okRuns.out).runs[0].phase, 'Succeeded');

        tenant.crawler.mode = 'fail';
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection));
        const failed = await cli(tenant, ['submit', file, '--wait']);
        assert.equal(failed.code, ExitCode.runFailed);
        assert.match(failed.out, /\sFailed\b/);
        assert.ok(recordedWorkflow(file), 'the name is recorded even when the run fails');
      });

      it('exits 1 telling what to add by hand when the name cannot be written back', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection));
        const denied = () => Promise.reject(Object.assign(new Error('denied'), { code: 'EACCES' }));
        const result = await cli(tenant, ['submit', file], { writeFile: denied });
        assert.equal(result.code, ExitCode.internal);
        const name = /^Created (\S+) /m.exec(result.out)?.[1];
        assert.ok(name, result.out);
        assert.match(result.err, new RegExp(`created ${name}, but could not record it in .* \\(EACCES\\)\\. Add "workflow": "${name}" to the file by hand`));
        assert.equal(readConfig(file), configText(connection));
      });

      it('exits 2 naming the environment variable of a missing secret', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection));
        const result = await cli(tenant, ['submit', file], { env: { ATLAN_SECRET_PG: undefined } });
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, /missing secret: "pg" \(database password, extraction\.auth\.password\): set the environment variable ATLAN_SECRET_PG/);
      });

      it('exits 2 for an invalid file without calling the tenant', async () => {
        const file = writeConfig(tenant, 'broken', '{ "connectionName": "x", "admins": {} }');
        const before = (await tenant.sandbox.admin.requests()).length;
        const result = await cli(tenant, ['submit', file]);
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, /error missing-admin/);
        assert.match(result.err, /invalid configuration; nothing to submit/);
        assert.equal((await tenant.sandbox.admin.requests()).length, before);
      });
    });

    describe('rerun', () => {
      it('reuses the run still in flight instead of starting another', async () => {
        tenant.crawler.mode = 'hold';
        const { file, name } = await submitted();
        const first = await cli(tenant, ['rerun', file, '--json']);
        assert.equal(first.code, ExitCode.ok, first.err);
        const doc = JSON.parse(first.out);
        assert.equal(doc.reused, true);
        assert.equal(doc.workflow, name);
        assert.match(first.err, /Reused run .* still (Pending|Running)/);
        assert.match(first.err, /No new run was started/);

        tenant.crawler.release();
        const finished = await cli(tenant, ['monitor', name]);
        assert.equal(finished.code, ExitCode.ok, finished.err);
        const runs = JSON.parse((await cli(tenant, ['runs', name, '--json'])).out).runs;
        assert.equal(runs.length, 1, 'still only the first run');
      });

      it('starts a new run when none is in flight, and --wait follows it', async () => {
        const { name } = await submitted(['--wait']);
        const result = await cli(tenant, ['rerun', name, '--wait']);
        assert.equal(result.code, ExitCode.ok, result.err);
        assert.match(result.out, new RegExp(`Started run \\S+ of ${name}`));
        assert.match(result.out, /\sSucceeded\b/);
        const runs = JSON.parse((await cli(tenant, ['runs', name, '--json'])).out).runs;
        assert.equal(runs.length, 2);
      });

      it('warns, before rerunning, when FILE has drifted from the workflow, naming the fields and suggesting diff', async () => {
        const { file, name, connection } = await submitted(['--wait']);
        const inSync = await cli(tenant, ['rerun', file, '--json', '--wait']);
        assert.equal(inSync.code, ExitCode.ok, inSync.err);
        assert.deepEqual(JSON.parse(inSync.out).drift, []);
        assert.doesNotMatch(inSync.err, /differs/);

        writeConfig(tenant, connection, configText(connection, { rowLimit: 500, workflow: name }));
        const chunks: string[] = [];
        const drifted = await cli(tenant, ['rerun', file, '--wait'], { onOutput: (text) => chunks.push(text) });
        assert.equal(drifted.code, ExitCode.ok, drifted.err);
        assert.match(drifted.err, new RegExp(`^warning: .*${connection}\\.atlan-postgres\\.json differs from ${name} on http://127\\.0\\.0\\.1:\\d+ in one field: rowLimit\\.`, 'm'));
        assert.match(drifted.err, /The rerun runs what the tenant has, not the file; "atlan-postgres diff .*" shows the differences/);
        const warnedAt = chunks.findIndex((c) => c.startsWith('warning:'));
        const startedAt = chunks.findIndex((c) => c.startsWith('Started run'));
        assert.ok(warnedAt >= 0 && warnedAt < startedAt, 'the warning comes before the rerun');
        assert.match(drifted.out, new RegExp(`Started run \\S+ of ${name}`));

        const json = await cli(tenant, ['rerun', file, '--json']);
        assert.equal(json.code, ExitCode.ok, json.err);
        assert.deepEqual(JSON.parse(json.out).drift, [{ path: 'rowLimit', file: 500, tenant: 10000 }]);
        assert.match(json.err, /warning: .* in one field: rowLimit/);

        const byName = await cli(tenant, ['rerun', name, '--json']);
        assert.equal(JSON.parse(byName.out).drift, undefined, 'a NAME has no file to compare');
      });

      it('exits 2 for a workflow the tenant does not have, and for a file that records none', async () => {
        const unknown = await cli(tenant, ['rerun', 'atlan-postgres-1000000001']);
        assert.equal(unknown.code, ExitCode.invalid);
        assert.match(unknown.err, /has no Postgres crawler workflow atlan-postgres-1000000001/);
        const file = writeConfig(tenant, 'never-submitted', configText('never-submitted'));
        const fresh = await cli(tenant, ['rerun', file]);
        assert.equal(fresh.code, ExitCode.invalid);
        assert.match(fresh.err, /records no workflow .*submit it first/);
      });
    });

    describe('workflows', () => {
      it('lists the workflows with their latest run; items it cannot read are left out and counted on stderr', async () => {
        const { name, connection } = await submitted(['--wait']);
        const table = await cli(tenant, ['workflows']);
        assert.equal(table.code, ExitCode.ok, table.err);
        assert.match(table.out.split('\n')[0], /^WORKFLOW +CONNECTION +LAST RUN +STARTED +DURATION +SCHEDULE$/);
        assert.match(table.out, new RegExp(`^${name} +${connection} +Succeeded `, 'm'));
        assert.equal(table.err, '');
        if (surface !== 'apps') return;
        await tenant.sandbox.admin.settings({ appListSlugless: 1 });
        try {
          const odd = await cli(tenant, ['workflows', '--json']);
          assert.equal(odd.code, ExitCode.ok, odd.err);
          const listed = JSON.parse(odd.out) as { workflows: { workflow: { name: string } }[]; unread: string[] };
          assert.ok(listed.workflows.some((w) => w.workflow.name === name), 'the rest of the list is shown');
          assert.equal(listed.unread.length, 1);
          assert.match(odd.err, /^note: 1 item could not be read and is left out \(the rest is shown\): App workflow 1 \(no-slug-1\): slug: /m);
        } finally {
          await tenant.sandbox.admin.settings({ appListSlugless: 0 });
        }
      });
    });

    describe('runs', () => {
      it('lists runs with phase, start, duration and who, honouring --limit', async () => {
        const { file, name } = await submitted(['--wait']);
        tenant.crawler.mode = 'fail';
        assert.equal((await cli(tenant, ['rerun', name, '--wait'])).code, ExitCode.runFailed);

        const table = await cli(tenant, ['runs', file]);
        assert.equal(table.code, ExitCode.ok, table.err);
        const lines = table.out.trim().split('\n');
        assert.match(lines[0], /^RUN +PHASE +STARTED +DURATION +BY$/);
        assert.equal(lines.length, 3);
        // The sandbox's App runs carry an (undocumented) end time, which the client reads when present.
        // Both runs may start in the same second, so their order is not asserted.
        const duration = '\\d+s';
        const row = new RegExp(`^\\S+ +(Failed|Succeeded) +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ +${duration}`);
        assert.deepEqual(lines.slice(1).map((l) => row.exec(l)?.[1]).sort(), ['Failed', 'Succeeded'], table.out);
        if (surface === 'workflows') assert.match(lines[1], /service-account-apikey/);

        const limited = JSON.parse((await cli(tenant, ['runs', name, '--limit', '1', '--json'])).out);
        assert.equal(limited.runs.length, 1);
        assert.equal(limited.total, 2);
      });

      it('says the schedule in words, with its cron, after submit and (legacy) under the runs', async () => {
        const connection = uniqueConnection();
        const file = writeConfig(tenant, connection, configText(connection, { schedule: { cron: '45 4 * * *', timezone: 'Europe/Paris' } }));
        const submit = await cli(tenant, ['submit', file]);
        assert.equal(submit.code, ExitCode.ok, submit.err);
        const line = 'Schedule: daily at 04:45 (Europe/Paris), cron "45 4 * * *"';
        assert.ok(submit.out.split('\n').includes(line), submit.out);
        // The App API's get does not list the schedules attached to an app: runs cannot say them there.
        if (surface !== 'workflows') return;
        const runs = await cli(tenant, ['runs', file]);
        assert.equal(runs.code, ExitCode.ok, runs.err);
        assert.equal(runs.out.trim().split('\n').at(-1), line, runs.out);
        const json = JSON.parse((await cli(tenant, ['runs', file, '--json'])).out);
        assert.deepEqual(json.schedule, { cron: '45 4 * * *', timezone: 'Europe/Paris', description: 'daily at 04:45 (Europe/Paris)' });
      });

      if (surfaces === 'apps') {
        it('lists runs started outside this CLI (Atlan UI, another token) with who started them', async () => {
          const { name } = await submitted(['--wait']);
          const fromUi = await tenant.sandbox.admin.startAppRun({ slug: name, startedBy: 'ada.lovelace' });
          // Another client, with another token, through the App API.
          const other = await fetch(`${tenant.sandbox.url}/api/service/v1/app/${name}/submit`, {
            method: 'POST',
            headers: { authorization: `Bearer ${tenant.sandbox.tokens.userToken}` },
          });
          const byUser = (await other.json()) as { run_id: string };
          const listed = await cli(tenant, ['runs', name, '--json']);
          assert.equal(listed.code, ExitCode.ok, listed.err);
          const doc = JSON.parse(listed.out) as { runs: { id: string; startedBy?: string }[]; total: number; note?: string };
          assert.equal(doc.total, 3);
          assert.equal(doc.note, undefined);
          const who = new Map(doc.runs.map((r) => [r.id, r.startedBy]));
          assert.equal(who.get(fromUi.run_id), 'ada.lovelace');
          assert.equal(who.get(byUser.run_id), 'demo.user');
          const table = await cli(tenant, ['runs', name]);
          assert.match(table.out, new RegExp(`^${fromUi.run_id} .* ada\\.lovelace$`, 'm'));
          assert.doesNotMatch(table.err, /note:/);
        });

        it('says so when the tenant does not catalogue App runs, and lists the runs this machine started', async () => {
          const { name } = await submitted(['--wait']);
          await tenant.sandbox.admin.setAppAssets(false);
          try {
            // Any run this machine remembers counts as old enough to have reached the catalog.
            const result = await cli(tenant, ['runs', name], { tuning: { ...FAST_TUNING, catalogLagMs: 0 } });
            assert.equal(result.code, ExitCode.ok, result.err);
            assert.match(result.out, /Succeeded/);
            assert.match(result.err, /note: this tenant does not catalogue App runs, so runs of .* started elsewhere \(the Atlan UI, a schedule\) are not visible/);
          } finally {
            await tenant.sandbox.admin.setAppAssets(true);
          }
        });
      }

      it('rejects a bad --limit with exit 2', async () => {
        const result = await cli(tenant, ['runs', 'whatever', '--limit', '0']);
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, /--limit must be a whole number from 1 to 1000/);
      });
    });

    describe('monitor', () => {
      it('prints the phase changes live and exits 0 when the run succeeds', async () => {
        tenant.crawler.mode = 'hold';
        const { name } = await submitted();
        let sawRunning = false;
        const result = await cli(tenant, ['monitor', name], {
          onOutput: (text) => {
            // Only once the monitor has shown the run in flight does the crawl end.
            if (!sawRunning && /Running/.test(text)) {
              sawRunning = true;
              setTimeout(() => tenant.crawler.release(), 30);
            }
          },
        });
        assert.equal(result.code, ExitCode.ok, result.err);
        assert.ok(sawRunning, result.out);
        const phases = result.out.trim().split('\n').map((l) => /\s(Pending|Running|Succeeded)\b/.exec(l)?.[1]);
        assert.equal(phases.at(-1), 'Succeeded');
        assert.ok(phases.indexOf('Running') < phases.indexOf('Succeeded'));
      });

      it('exits 4 when the run fails, with the reason', async () => {
        tenant.crawler.mode = 'fail';
        const { file } = await submitted();
        const result = await cli(tenant, ['monitor', file]);
        assert.equal(result.code, ExitCode.runFailed);
        assert.match(result.out, /\sFailed\b/);
        if (surface === 'workflows') assert.match(result.out, /Failed after \d+s: .*Connection refused by db\.internal:5432/);
      });

      it('stops watching on Ctrl-C with exit 130; the run goes on', async () => {
        tenant.crawler.mode = 'hold';
        const { name } = await submitted();
        const interrupt = new AbortController();
        const result = await cli(tenant, ['monitor', name], {
          signal: interrupt.signal,
          onOutput: (text) => {
            if (/Running/.test(text)) interrupt.abort();
          },
        });
        assert.equal(result.code, ExitCode.interrupted);
        assert.match(result.out, /Stopped watching .*; the run goes on/);
        const latest = JSON.parse((await cli(tenant, ['runs', name, '--json'])).out).runs[0];
        assert.equal(latest.phase, 'Running');
      });

      it('exits 2 when the workflow has no run to follow', async () => {
        const result = await cli(tenant, ['monitor', 'atlan-postgres-1000000002']);
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, /has no Postgres crawler workflow/);
      });
    });

    describe('preview', () => {
      it('uses the tenant\'s role ids when ATLAN_BASE_URL and ATLAN_API_KEY are set, and asks it for nothing else', async () => {
        const file = writeConfig(tenant, 'preview-roles', configText('preview-roles'));
        await tenant.sandbox.admin.clearRequests();
        const result = await cli(tenant, ['preview', file, '--surface', surface, '--epoch', '1700000000']);
        assert.equal(result.code, ExitCode.ok, result.err);
        const adminId = ROLES.find((r) => r.name === '$admin')?.id;
        assert.ok(adminId && result.out.includes(adminId), `the preview lacks the $admin role id ${adminId}:\n${result.out}`);
        assert.doesNotMatch(result.out, /<id of role/);
        assert.equal(result.err, '', 'a note was printed although the ids are real');
        assert.deepEqual((await tenant.sandbox.admin.requests()).map((r) => `${r.method} ${r.path}`), ['GET /api/service/roles']);
      });

      it('says how to get real role ids when the tenant is not configured, and exits 2 for a role the tenant lacks', async () => {
        const file = writeConfig(tenant, 'preview-offline', configText('preview-offline'));
        const offline = await cli(tenant, ['preview', file], { env: { ATLAN_API_KEY: undefined } });
        assert.equal(offline.code, ExitCode.ok, offline.err);
        assert.match(offline.out, /<id of role \$admin>/);
        assert.match(offline.err, /pass --admin-role-id ID \(once per role\), or set ATLAN_BASE_URL and ATLAN_API_KEY/);

        writeConfig(tenant, 'preview-offline', configText('preview-offline').replace('"$admin"', '"$no-such-role"'));
        const unknown = await cli(tenant, ['preview', file]);
        assert.equal(unknown.code, ExitCode.invalid, unknown.err);
        assert.match(unknown.err, /has no role named "\$no-such-role"/);
      });
    });

    describe('--surface', () => {
      it('skips detection when given, and says so when the workflow is not on that surface', async () => {
        const { name } = await submitted();
        await tenant.sandbox.admin.clearRequests();
        const direct = await cli(tenant, ['runs', name, '--surface', surface]);
        assert.equal(direct.code, ExitCode.ok, direct.err);
        const paths = (await tenant.sandbox.admin.requests()).map((r) => r.path);
        assert.ok(!paths.includes('/api/service/v1/apps/postgres-crawler'), paths.join(' '));

        const other = await cli(tenant, ['runs', name, '--surface', surface === 'apps' ? 'workflows' : 'apps']);
        assert.notEqual(other.code, ExitCode.ok);
        assert.match(other.err, /atlan-postgres runs: /);
      });
    });

    describe('diff', () => {
      it('exits 0 when the file matches its workflow, 6 with a unified diff of the changed field', async () => {
        const { file, name, connection } = await submitted();
        const same = await cli(tenant, ['diff', file]);
        assert.equal(same.code, ExitCode.ok, same.out + same.err);
        assert.match(same.out, new RegExp(`matches ${name}`));

        writeConfig(tenant, connection, configText(connection, { rowLimit: 500, workflow: name }));
        const changed = await cli(tenant, ['diff', file]);
        assert.equal(changed.code, ExitCode.differs, changed.err);
        assert.equal(changed.code, 6);
        assert.match(changed.out, new RegExp(`^--- ${name} \\(on http://127\\.0\\.0\\.1:\\d+\\)$`, 'm'));
        assert.match(changed.out, /^-\s+"rowLimit": 10000,$/m);
        assert.match(changed.out, /^\+\s+"rowLimit": 500,$/m);
        assert.match(changed.out, /1 field differs: rowLimit/);

        const json = JSON.parse((await cli(tenant, ['diff', file, '--json'])).out);
        assert.equal(json.inSync, false);
        assert.deepEqual(json.differences, [{ path: 'rowLimit', file: 500, tenant: 10000 }]);
      });

      it('exits 2 for a file that records no workflow', async () => {
        const file = writeConfig(tenant, 'not-yet', configText('not-yet'));
        const result = await cli(tenant, ['diff', file]);
        assert.equal(result.code, ExitCode.invalid);
        assert.match(result.err, /records no workflow/);
      });
    });
  });
}
