import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../../src/extension';
import { testApi } from '../helpers';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'configs');

function copyFixture(name: string, edit: (text: string) => string = (t) => t): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder);
  const target = path.join(folder.uri.fsPath, `cf-${Date.now()}-${Math.random().toString(36).slice(2, 7)}-${name}`);
  fs.writeFileSync(target, edit(fs.readFileSync(path.join(FIXTURES, name), 'utf8')));
  return vscode.Uri.file(target);
}

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function lensTitles(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 50);
  return lenses.filter((l) => l.command?.command.startsWith('atlan.'));
}

describe('Config files', function () {
  this.timeout(60_000);
  let api: TestApi;

  before(async () => {
    api = await testApi();
  });

  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('shows Submit, Validate, Preview payload, Edit in form and Preview scope above a crawler without a workflow', async () => {
    const uri = copyFixture('warehouse-prod.atlan-postgres.json');
    await vscode.window.showTextDocument(uri);
    const lenses = await lensTitles(uri);
    assert.deepEqual(
      lenses.map((l) => l.command?.title),
      ['$(cloud-upload) Submit', '$(check) Validate', '$(json) Preview payload', '$(edit) Edit in form', '$(list-tree) Preview scope'],
    );
    assert.equal(lenses[0].range.start.line, 0, 'lenses sit at the top-level object');
    assert.equal((lenses[0].command?.arguments?.[0] as vscode.Uri).toString(), uri.toString());
  });

  it('shows Rerun, Open in Atlan and the last run phase, which follows the store', async () => {
    const name = `atlan-postgres-${Math.floor(Date.now() / 1000)}`;
    const uri = copyFixture('warehouse-prod.atlan-postgres.json', (t) => t.replace('"profile": "sandbox",', `"profile": "sandbox",\n  "workflow": "${name}",`));
    await vscode.window.showTextDocument(uri);
    let lenses = await lensTitles(uri);
    const rerunArg = lenses[0].command?.arguments?.[0] as { workflowName: string; configUri: vscode.Uri };
    assert.equal(rerunArg.workflowName, name);
    assert.equal(rerunArg.configUri.toString(), uri.toString());
    assert.equal(lenses[0].command?.command, 'atlan.rerunWorkflow');
    assert.ok(lenses.some((l) => l.command?.command === 'atlan.openInAtlan' && (l.command.arguments?.[0] as { workflowName: string }).workflowName === name));
    assert.equal(lenses.some((l) => /Last run/.test(l.command?.title ?? '')), false, 'no run known, no run lens');

    const run = { id: `${name}-abcde`, workflowName: name, phase: 'Running', progress: '2/5', failedSteps: [] };
    api.services.store.addWorkflow({ name, surface: 'workflows' }, run);
    lenses = await lensTitles(uri);
    assert.ok(lenses.some((l) => l.command?.title === '$(loading~spin) Last run: Running 2/5'), lenses.map((l) => l.command?.title).join());
    api.services.store.applyRun({ ...run, phase: 'Succeeded' });
    lenses = await lensTitles(uri);
    assert.ok(lenses.some((l) => l.command?.title === '$(pass-filled) Last run: Succeeded'));
    api.services.store.removeWorkflow(name);
  });

  it('reports parseConfig issues as diagnostics at their exact ranges, with codes, live while typing', async () => {
    const uri = copyFixture('invalid-many.atlan-postgres.json');
    const editor = await vscode.window.showTextDocument(uri);
    const diagnostics = await until('diagnostics', () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.length > 0 && d;
    });
    const byCode = (code: string) => diagnostics.find((d) => d.code === code);
    for (const code of ['empty-value', 'missing-admin', 'unknown-key', 'port-type', 'literal-secret', 'invalid-regex', 'invalid-cron', 'unknown-timezone']) {
      assert.ok(byCode(code), `no ${code} diagnostic: ${diagnostics.map((d) => JSON.stringify(d.code)).join()}`);
    }
    assert.equal(editor.document.getText(byCode('port-type')!.range), '"5432"');
    assert.equal(editor.document.getText(byCode('literal-secret')!.range), '"hunter2"');
    assert.equal(editor.document.getText(byCode('unknown-key')!.range), '"alowQuery"');
    assert.equal(byCode('port-type')!.severity, vscode.DiagnosticSeverity.Error);

    await editor.edit((b) => b.replace(byCode('unknown-key')!.range, '"allowQuery"'));
    await until('the unknown-key diagnostic to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'unknown-key'));
  });

  it('quick fixes: port as a number, $admin as admin role, and a plain-text password moved to secret storage', async () => {
    const uri = copyFixture('invalid-many.atlan-postgres.json');
    const editor = await vscode.window.showTextDocument(uri);
    const fixAt = async (code: string, title: RegExp): Promise<vscode.CodeAction> => {
      const diagnostic = await until(code, () => vscode.languages.getDiagnostics(uri).find((d) => d.code === code));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
      const action = actions.find((a) => title.test(a.title));
      assert.ok(action, `no quick fix ${title} among ${actions.map((a) => a.title).join(', ')}`);
      return action;
    };

    const port = await fixAt('port-type', /^Convert "5432" to the number 5432$/);
    assert.ok(port.edit && (await vscode.workspace.applyEdit(port.edit)));
    assert.match(editor.document.getText(), /"port": 5432,/);

    const admin = await fixAt('missing-admin', /\$admin/);
    assert.ok(admin.edit && (await vscode.workspace.applyEdit(admin.edit)));
    assert.match(editor.document.getText(), /"admins": \{ "roles": \["\$admin"\] \}/);
    await editor.document.save();

    const move = await fixAt('literal-secret', /^Move to secret storage$/);
    assert.ok(move.command);
    const args = { ...(move.command.arguments?.[0] as object), name: 'it-moved-secret' };
    const stored = await vscode.commands.executeCommand<string>(move.command.command, args);
    assert.equal(stored, 'it-moved-secret');
    assert.equal(await api.services.secrets.get('it-moved-secret'), 'hunter2');
    assert.match(editor.document.getText(), /"password": \{ "secret": "it-moved-secret" \}/);
    assert.equal(fs.readFileSync(uri.fsPath, 'utf8').includes('hunter2'), false, 'the plain text is still on disk');
  });

  it('Validate says "valid" plainly and names secrets not stored yet; reports errors otherwise', async () => {
    const valid = copyFixture('iam-role.atlan-postgres.json');
    const report = await vscode.commands.executeCommand<{ valid: boolean; missingSecrets: string[] }>('atlan.validateConfiguration', valid);
    assert.deepEqual(report, { valid: true, errors: 0, warnings: 0, missingSecrets: ['aurora-external-id'] });
    const invalid = copyFixture('invalid-many.atlan-postgres.json');
    const bad = await vscode.commands.executeCommand<{ valid: boolean; errors: number }>('atlan.validateConfiguration', invalid);
    assert.equal(bad.valid, false);
    assert.ok(bad.errors >= 8);
  });

  it('previews a file\'s payload read-only, secrets redacted, and follows edits', async () => {
    const uri = copyFixture('iam-role.atlan-postgres.json');
    const previewUri = await vscode.commands.executeCommand<string>('atlan.previewPayload', uri);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(previewUri));
    assert.equal(document.uri.scheme, 'atlan-preview');
    const text = document.getText();
    assert.match(text, /"aws_external_id": "<redacted>"/);
    assert.match(text, /package-workflow API/);
    assert.match(text, /"name": "atlan-postgres-\d+"/);
    // The file beside its preview, as the preview command lays them out.
    const source = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
    const replace = async (from: string, to: string): Promise<void> => {
      const at = source.document.getText().indexOf(from);
      assert.ok(at >= 0, `the file holds ${from}`);
      await source.edit((b) => b.replace(new vscode.Range(source.document.positionAt(at), source.document.positionAt(at + from.length)), to));
    };
    await replace('"database": "reporting"', '"database": "reporting_v2"');
    await until('the preview to follow the edit', () => document.getText().includes('reporting_v2'));
    // A preview no editor shows is rebuilt when it is shown again, not while hidden.
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await until('the preview to be hidden', () => !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === document.uri.toString()));
    await replace('"database": "reporting_v2"', '"database": "reporting_v3"');
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
    await until('the preview shown again to hold the edit made while hidden', () => document.getText().includes('reporting_v3'));
  });
});
