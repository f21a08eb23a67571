/** The CLI's small pieces: run memory, run formatting, NAME|FILE arguments, unified diffs. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { CrawlerRun } from '../../../src/core/atlan/backend';
import type { CliIo } from '../../../src/cli/io';
import { formatTimestamp, phaseText, runsTable } from '../../../src/cli/runFormat';
import { RunMemory, stateDirectory } from '../../../src/cli/runMemory';
import { configDirectory, SentBodyStore } from '../../../src/cli/sentBodies';
import { unreadNote } from '../../../src/cli/commands/output';
import { unifiedDiff } from '../../../src/cli/unifiedDiff';
import { looksLikeFile, resolveWorkflowTarget } from '../../../src/cli/workflowTarget';

function memoryIo(files: Record<string, string>, env: Record<string, string> = { ATLAN_CLI_STATE_DIR: '/state' }): CliIo & { err: string } {
  const io = {
    err: '',
    stdout: () => undefined,
    stderr: (text: string) => {
      io.err += text;
    },
    readFile: (path: string) => (path in files ? Promise.resolve(files[path]) : Promise.reject(Object.assign(new Error('no'), { code: 'ENOENT' }))),
    writeFile: (path: string, text: string) => {
      files[path] = text;
      return Promise.resolve();
    },
    env,
    now: () => Date.parse('2025-11-25T14:10:00Z'),
  };
  return io;
}

const run = (id: string, workflowName: string, extra: Partial<CrawlerRun> = {}): CrawlerRun => ({ id, workflowName, phase: 'Succeeded', failedSteps: [], ...extra });

describe('CLI helpers', () => {
  describe('RunMemory', () => {
    it('picks the state directory from ATLAN_CLI_STATE_DIR, XDG_STATE_HOME, then HOME', () => {
      assert.equal(stateDirectory({ ATLAN_CLI_STATE_DIR: '/x', HOME: '/h' }), '/x');
      assert.equal(stateDirectory({ XDG_STATE_HOME: '/xdg', HOME: '/h' }, 'linux'), join('/xdg', 'atlan-postgres'));
      assert.equal(stateDirectory({ HOME: '/h' }, 'linux'), join('/h', '.local', 'state', 'atlan-postgres'));
      assert.equal(stateDirectory({}, 'linux'), undefined);
    });

    it('keeps runs per tenant origin across opens, oldest first for rememberRuns', async () => {
      const files: Record<string, string> = {};
      const first = await RunMemory.open(memoryIo(files));
      await first.save('https://a.example', [run('r2', 'slug-1', { startedAt: '2025-11-25T14:00:00Z' }), run('r1', 'slug-1'), run('q1', 'slug-2')]);
      await first.save('https://b.example', [run('other', 'slug-9')]);
      const again = await RunMemory.open(memoryIo(files));
      assert.deepEqual(again.runsOf('https://a.example').map((r) => r.id), ['q1', 'r1', 'r2']);
      assert.equal(again.runsOf('https://a.example')[2].startedAt, '2025-11-25T14:00:00Z');
      assert.deepEqual(again.runsOf('https://b.example').map((r) => r.id), ['other']);
      assert.deepEqual(again.runsOf('https://c.example'), []);
      assert.ok(!files['/state/app-runs.json'].includes('failedSteps'));
    });

    it('replaces a file it cannot read, saying so once', async () => {
      const files: Record<string, string> = { '/state/app-runs.json': '{"version": 7}' };
      const io = memoryIo(files);
      const memory = await RunMemory.open(io);
      assert.deepEqual(memory.runsOf('https://a.example'), []);
      assert.match(io.err, /is not a run list this CLI wrote/);
      await memory.save('https://a.example', [run('r1', 's')]);
      assert.match(files['/state/app-runs.json'], /"version": 1/);
    });
  });

  describe('SentBodyStore', () => {
    const body = { at: '2025-11-25T14:00:00Z', body: { app_id: 'postgres-crawler', name: 'prod-pg', inputs: { credential_guid: 'g-1' } } };

    it('picks the config directory from XDG_CONFIG_HOME, then HOME (APPDATA on Windows)', () => {
      assert.equal(configDirectory({ XDG_CONFIG_HOME: '/c', HOME: '/h' }, 'linux'), join('/c', 'atlan-postgres'));
      assert.equal(configDirectory({ HOME: '/h' }, 'linux'), join('/h', '.config', 'atlan-postgres'));
      assert.equal(configDirectory({ APPDATA: 'C:\\A', XDG_CONFIG_HOME: '/c' }, 'win32'), join('C:\\A', 'atlan-postgres'));
      assert.equal(configDirectory({}, 'linux'), undefined);
    });

    it('keeps bodies per tenant between runs, written 0600', async () => {
      const files: Record<string, string> = {};
      const modes: (number | undefined)[] = [];
      const io = memoryIo(files, { XDG_CONFIG_HOME: '/cfg' });
      const write = io.writeFile.bind(io);
      io.writeFile = (path, text, options) => (modes.push(options?.mode), write(path, text));
      const store = await SentBodyStore.open(io);
      await store.save('https://a.atlan.com', { 'prod-pg-1a2b': body });
      assert.deepEqual(modes, [0o600]);
      const later = await SentBodyStore.open(memoryIo(files, { XDG_CONFIG_HOME: '/cfg' }));
      assert.deepEqual(later.of('https://a.atlan.com'), { 'prod-pg-1a2b': body });
      assert.deepEqual(later.of('https://b.atlan.com'), {});
    });

    it('says so and starts afresh when the file is not one it wrote', async () => {
      const path = join('/cfg', 'atlan-postgres', 'app-sent-bodies.json');
      const io = memoryIo({ [path]: '{"version": 3}' }, { XDG_CONFIG_HOME: '/cfg' });
      const store = await SentBodyStore.open(io);
      assert.deepEqual(store.of('https://a.atlan.com'), {});
      assert.match(io.err, /is not a list of sent App bodies this CLI wrote/);
    });
  });

  describe('run formatting', () => {
    const now = Date.parse('2025-11-25T14:10:00Z');

    it('prints UTC timestamps and phases with progress, duration and message', () => {
      assert.equal(formatTimestamp('2025-11-25T14:03:05.123Z'), '2025-11-25 14:03:05Z');
      assert.equal(formatTimestamp(undefined), '-');
      assert.equal(formatTimestamp('yesterday'), 'yesterday');
      assert.equal(phaseText(run('r', 'w', { phase: 'Running', progress: '1/3', startedAt: '2025-11-25T14:09:00Z' }), now), 'Running 1/3');
      assert.equal(
        phaseText(run('r', 'w', { phase: 'Failed', startedAt: '2025-11-25T14:00:00Z', finishedAt: '2025-11-25T14:00:42Z', message: 'boom' }), now),
        'Failed after 42s: boom',
      );
      // A finished run without an end time is not measured up to now.
      assert.equal(phaseText(run('r', 'w', { startedAt: '2025-11-25T14:00:00Z' }), now), 'Succeeded');
    });

    it('lays runs out in aligned columns', () => {
      const table = runsTable(
        [
          run('atlan-postgres-1-abcde', 'w', { phase: 'Running', progress: '2/3', startedAt: '2025-11-25T14:08:00Z', startedBy: 'jane' }),
          run('submitted:w', 'w', { phase: 'Pending' }),
        ],
        now,
      );
      assert.deepEqual(table.split('\n'), [
        'RUN                               PHASE        STARTED               DURATION  BY',
        'atlan-postgres-1-abcde            Running 2/3  2025-11-25 14:08:00Z  2m 00s    jane',
        'first run of w (not indexed yet)  Pending      -                     -         -',
      ]);
    });
  });

  describe('NAME|FILE arguments', () => {
    it('tells files from workflow names', () => {
      for (const file of ['a.atlan-postgres.json', './x', 'dir\\x', 'conf.jsonc']) assert.equal(looksLikeFile(file), true, file);
      for (const name of ['atlan-postgres-1714638976', 'warehouse-prod-3f9ab2c1']) assert.equal(looksLikeFile(name), false, name);
    });

    it('reads the recorded workflow, even from a file with other errors', async () => {
      const io = memoryIo({ 'ok.json': '{ "connectionName": 5, // broken\n "workflow": "atlan-postgres-1714638976" }', 'none.json': '{}' });
      assert.deepEqual(await resolveWorkflowTarget('ok.json', io), { name: 'atlan-postgres-1714638976', file: 'ok.json' });
      await assert.rejects(resolveWorkflowTarget('none.json', io), /none\.json records no workflow/);
      await assert.rejects(resolveWorkflowTarget('gone.json', io), /gone\.json: no such file/);
      await assert.rejects(resolveWorkflowTarget('two words', io), /is not a workflow name/);
    });
  });

  it('makes a unified diff without a banner', () => {
    assert.equal(unifiedDiff('tenant', 'file', 'a\nb\nc\n', 'a\nB\nc\n'), '--- tenant\n+++ file\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n');
  });
});

describe('unreadNote', () => {
  it('says how many were left out, that the rest is shown, and why (at most five reasons)', () => {
    assert.equal(unreadNote(['run hit 2 (r-1): metadata.name: expected string'], 'runs of w'), 'note: 1 run of w could not be read and is left out (the rest is shown): run hit 2 (r-1): metadata.name: expected string');
    const many = unreadNote(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'runs of w');
    assert.equal(many, 'note: 7 runs of w could not be read and are left out (the rest is shown): a; b; c; d; e; and 2 more');
  });
});
