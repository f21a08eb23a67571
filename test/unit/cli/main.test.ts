import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ExitCode } from '../../../src/cli/exitCodes';
import type { CliIo } from '../../../src/cli/io';
import { main } from '../../../src/cli/main';
import { fixturePath, loadGolden, normalizeLegacy } from '../workflow/goldenCases';

/** An in-memory IO: captured output, files from test/fixtures/configs plus extra in-memory ones. */
function fakeIo(files: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += text;
    },
    stderr(text: string) {
      io.err += text;
    },
    readFile(path: string) {
      if (path in files) return Promise.resolve(files[path]);
      return readFile(fixturePath('configs', path), 'utf8');
    },
    writeFile(path: string, text: string) {
      files[path] = text;
      return Promise.resolve();
    },
    env: {},
    now: () => 1714638976_000,
  };
  return io;
}

describe('atlan-postgres CLI (in process)', () => {
  describe('help and usage', () => {
    it('prints the usage with every command and the exit codes', async () => {
      for (const argv of [[], ['--help'], ['-h'], ['help']]) {
        const io = fakeIo();
        assert.equal(await main(argv, io), ExitCode.ok);
        assert.match(io.out, /Usage: atlan-postgres <command>/);
        assert.match(io.out, /validate +Check configuration files/);
        assert.match(io.out, /preview +Print the workflow JSON/);
        for (const command of ['submit', 'rerun', 'runs', 'monitor', 'diff', 'plan']) assert.match(io.out, new RegExp(`^  ${command} +\\S`, 'm'));
        assert.match(io.out, /0 ok, 2 invalid config or usage, 3 auth failure, 4 run failed, 5 network\/server error/);
        assert.match(io.out, /130 interrupted \(Ctrl-C\)/);
        assert.match(io.out, /6 diff: the file differs from the tenant or plan: something would change, 1 internal error/);
      }
    });

    it('prints a command help', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', '--help'], io), ExitCode.ok);
      assert.match(io.out, /--admin-role-id ID/);
      const io2 = fakeIo();
      assert.equal(await main(['help', 'validate'], io2), ExitCode.ok);
      assert.match(io2.out, /Usage: atlan-postgres validate FILE/);
    });

    it('rejects an unknown command or option with exit code 2', async () => {
      const io = fakeIo();
      assert.equal(await main(['deploy'], io), ExitCode.invalid);
      assert.match(io.err, /unknown command "deploy"/);
      const io2 = fakeIo();
      assert.equal(await main(['validate', '--frobnicate', 'x'], io2), ExitCode.invalid);
      assert.match(io2.err, /Unknown option '--frobnicate'/);
      const io3 = fakeIo();
      assert.equal(await main(['validate'], io3), ExitCode.invalid);
      assert.match(io3.err, /validate needs at least one FILE/);
    });
  });

  describe('validate', () => {
    it('exits 0 for a valid file', async () => {
      const io = fakeIo();
      assert.equal(await main(['validate', 'warehouse-prod.atlan-postgres.json'], io), ExitCode.ok);
      assert.equal(io.out, 'warehouse-prod.atlan-postgres.json: valid (0 errors, 0 warnings)\n');
    });

    it('exits 0 with warnings only, and prints them', async () => {
      const io = fakeIo();
      assert.equal(await main(['validate', 'warnings-only.atlan-postgres.json'], io), ExitCode.ok);
      assert.match(io.out, /^warnings-only\.atlan-postgres\.json:3:33: warning duplicate-entry: admins\.users names "jane" more than once$/m);
      assert.match(io.out, /valid \(0 errors, 3 warnings\)/);
    });

    it('exits 2 and prints file:line:column for each error', async () => {
      const io = fakeIo();
      assert.equal(await main(['validate', 'invalid-many.atlan-postgres.json'], io), ExitCode.invalid);
      assert.match(io.out, /^invalid-many\.atlan-postgres\.json:8:13: error port-type: extraction\.port must be a number/m);
      assert.match(io.out, /invalid \(8 errors, 0 warnings\)/);
      assert.equal(io.out.includes('hunter2'), false, 'the literal secret is never echoed');
    });

    it('reports a missing file clearly', async () => {
      const io = fakeIo();
      assert.equal(await main(['validate', 'nope.atlan-postgres.json'], io), ExitCode.invalid);
      assert.equal(io.err, 'nope.atlan-postgres.json: no such file\n');
    });

    it('prints JSON with --json, several files at once', async () => {
      const io = fakeIo();
      const code = await main(['validate', '--json', 'warehouse-prod.atlan-postgres.json', 'syntax-error.atlan-postgres.json'], io);
      assert.equal(code, ExitCode.invalid);
      const report = JSON.parse(io.out) as { files: { file: string; valid: boolean; errors: number; issues: { code: string; line: number; column: number }[] }[] };
      assert.deepStrictEqual(report.files.map((f) => [f.file, f.valid, f.errors]), [
        ['warehouse-prod.atlan-postgres.json', true, 0],
        ['syntax-error.atlan-postgres.json', false, 1],
      ]);
      assert.deepStrictEqual(report.files[1].issues.map((i) => [i.code, i.line, i.column]), [['syntax-error', 3, 3]]);
    });
  });

  describe('preview', () => {
    it('prints the legacy workflow, deterministic with --epoch and --admin-role-id, secrets redacted', async () => {
      const file = `{
        "connectionName": "test-sdk-postgresql", "admins": { "roles": ["$admin"] },
        "extraction": { "method": "direct", "host": "test.com", "database": "test-db",
          "auth": { "type": "basic", "username": "test-user", "password": { "secret": "pg" } } },
        "include": { "test-include": ["test-asset-1", "test-asset-2"] }, "excludeRegex": ".*_TEST",
        "sourceLevelFiltering": true, "jdbcInternalMethods": true }`;
      const io = fakeIo({ 'golden.atlan-postgres.json': file });
      const code = await main(['preview', 'golden.atlan-postgres.json', '--epoch', '123456', '--admin-role-id', 'admin-guid-1234'], io);
      assert.equal(code, ExitCode.ok);
      const printed = JSON.parse(io.out) as ReturnType<typeof loadGolden>;
      const expected = loadGolden('postgres_direct_basic.json');
      expected.payload[0].body.password = '<redacted>';
      // The connection guid is a placeholder minted from the epoch.
      const normalized = normalizeLegacy(printed) as { spec: unknown };
      const golden = normalizeLegacy(expected) as { spec: { templates: { dag: { tasks: { arguments: { parameters: { name: string; value: { guid?: string } }[] } }[] } }[] } };
      golden.spec.templates[0].dag.tasks[0].arguments.parameters.find((p) => p.name === 'connection')!.value.guid = '-123456000000000';
      assert.deepStrictEqual(normalized, golden);
      assert.equal(io.err, '');
    });

    it('uses placeholder role ids and says so when none are given', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'warehouse-prod.atlan-postgres.json'], io), ExitCode.ok);
      assert.match(io.out, /<id of role \$admin>/);
      assert.match(io.out, /"name": "atlan-postgres-1714638976"/, 'the epoch defaults to the clock');
      assert.match(io.err, /note: admin role ids are placeholders/);
    });

    it('prints the App API body with --surface apps and --json', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'iam-role.atlan-postgres.json', '--surface', 'apps', '--json', '--epoch', '1700000000'], io), ExitCode.ok);
      const out = JSON.parse(io.out) as { surface: string; crawler: { app_id: string; inputs: { credential: { extra: Record<string, string> } } }; notes: string[] };
      assert.equal(out.surface, 'apps');
      assert.equal(out.crawler.app_id, 'postgres-crawler');
      assert.equal(out.crawler.inputs.credential.extra.aws_external_id, '<redacted>');
      assert.deepStrictEqual(out.notes, []);
    });

    it('exits 2 for S3 on the App API, with the reason', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'offline-s3.atlan-postgres.json', '--surface', 'apps'], io), ExitCode.invalid);
      assert.match(io.err, /offline S3 extraction has no App API form yet/);
    });

    it('exits 2 for an invalid configuration, listing its errors', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'invalid-many.atlan-postgres.json'], io), ExitCode.invalid);
      assert.match(io.err, /error literal-secret/);
      assert.match(io.err, /invalid configuration; nothing to preview/);
      assert.equal(io.out, '');
    });

    it('exits 2 for bad option values', async () => {
      for (const argv of [
        ['preview', 'warehouse-prod.atlan-postgres.json', '--surface', 'cloud'],
        ['preview', 'warehouse-prod.atlan-postgres.json', '--epoch', 'soon'],
        ['preview', 'warehouse-prod.atlan-postgres.json', '--epoch', '0'],
        ['preview', 'a.json', 'b.json'],
      ]) {
        const io = fakeIo();
        assert.equal(await main(argv, io), ExitCode.invalid, argv.join(' '));
        assert.match(io.err, /Usage: atlan-postgres preview/);
      }
    });
  });

  describe('--json failures: one {"error": {exitCode, kind, message}} document on stdout', () => {
    const errorOf = (io: { out: string }): { exitCode: number; kind: string; message: string; [key: string]: unknown } =>
      (JSON.parse(io.out) as { error: { exitCode: number; kind: string; message: string } }).error;

    it('for a missing file, in every command that reads one', async () => {
      for (const argv of [['preview', 'nope.atlan-postgres.json'], ['rerun', 'nope.atlan-postgres.json'], ['diff', 'nope.atlan-postgres.json'], ['submit', 'nope.atlan-postgres.json']]) {
        const io = fakeIo();
        assert.equal(await main([...argv, '--json'], io), ExitCode.invalid, argv.join(' '));
        const error = errorOf(io);
        assert.deepStrictEqual([error.exitCode, error.kind, error.message], [ExitCode.invalid, 'fileUnreadable', 'nope.atlan-postgres.json: no such file'], argv.join(' '));
        assert.equal(error.file, 'nope.atlan-postgres.json');
      }
    });

    it('for usage errors, unknown options and unknown commands', async () => {
      for (const argv of [['preview', '--json'], ['preview', 'a.json', '--epoch', 'soon', '--json'], ['runs', '--bogus', '--json'], ['frobnicate', '--json']]) {
        const io = fakeIo();
        assert.equal(await main(argv, io), ExitCode.invalid, argv.join(' '));
        const error = errorOf(io);
        assert.deepStrictEqual([error.exitCode, error.kind], [ExitCode.invalid, 'usage'], argv.join(' '));
        assert.ok(error.message.length > 5);
        assert.match(io.err, /atlan-postgres/);
      }
    });

    it('for an invalid file in preview, with its issues and never the secret', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'invalid-many.atlan-postgres.json', '--json'], io), ExitCode.invalid);
      const error = errorOf(io);
      assert.deepStrictEqual([error.exitCode, error.kind, error.message], [ExitCode.invalid, 'invalidConfig', 'invalid-many.atlan-postgres.json: invalid configuration; nothing to preview']);
      assert.ok(Array.isArray(error.issues) && error.issues.length === 8);
      assert.equal(io.out.includes('hunter2'), false);
      assert.match(io.err, /error literal-secret/);
    });

    it('for a workflow preview cannot build', async () => {
      const io = fakeIo();
      assert.equal(await main(['preview', 'offline-s3.atlan-postgres.json', '--surface', 'apps', '--json'], io), ExitCode.invalid);
      const error = errorOf(io);
      assert.equal(error.kind, 'build');
      assert.match(error.message, /offline S3 extraction has no App API form yet/);
    });

    it('for an internal error', async () => {
      const io = fakeIo();
      const boom = { name: 'boom', summary: 's', help: 'h', options: {}, run: () => Promise.reject(new TypeError('kaput')) };
      assert.equal(await main(['boom', '--json'], io, [boom]), ExitCode.internal);
      assert.deepStrictEqual(JSON.parse(io.out), { error: { exitCode: ExitCode.internal, kind: 'internal', message: 'internal error: TypeError: kaput' } });
    });

    it('not for validate, which keeps its own document', async () => {
      const io = fakeIo();
      assert.equal(await main(['validate', '--json', 'nope.atlan-postgres.json'], io), ExitCode.invalid);
      assert.deepStrictEqual(JSON.parse(io.out), { files: [{ file: 'nope.atlan-postgres.json', valid: false, error: 'nope.atlan-postgres.json: no such file' }] });
    });
  });

  it('gives every exit code its own meaning: diff\'s "differs" is not the internal error', () => {
    const codes = Object.values(ExitCode);
    assert.equal(new Set(codes).size, codes.length);
    assert.notEqual(ExitCode.differs, ExitCode.internal);
  });

  it('reads a file with a UTF-8 byte order mark; positions count from after it', async () => {
    const text = await readFile(fixturePath('configs', 'warnings-only.atlan-postgres.json'), 'utf8');
    const io = fakeIo({ 'bom.atlan-postgres.json': `\uFEFF${text}` });
    assert.equal(await main(['validate', 'bom.atlan-postgres.json'], io), ExitCode.ok);
    assert.match(io.out, /^bom\.atlan-postgres\.json:3:33: warning duplicate-entry/m);
    const preview = fakeIo({ 'bom.atlan-postgres.json': `\uFEFF${text}` });
    assert.equal(await main(['preview', 'bom.atlan-postgres.json', '--epoch', '1700000000'], preview), ExitCode.ok, preview.err);
  });

  it('turns an unexpected exception into exit code 1 with a message', async () => {
    const io = fakeIo();
    const boom = { name: 'boom', summary: 's', help: 'h', options: {}, run: () => Promise.reject(new TypeError('kaput')) };
    assert.equal(await main(['boom'], io, [boom]), ExitCode.internal);
    assert.equal(io.err, 'atlan-postgres boom: internal error: TypeError: kaput\n');
  });
});
