import * as vscode from 'vscode';
import { CommandIds } from '../ids';
import type { Services } from '../services';
import type { ConfigCodeLenses, ConfigDiagnostics, ConfigQuickFixes, PayloadPreviewProvider } from './configToolsBundle';
import type { MoveSecretArgs } from './configCommands';
import { CONFIG_SELECTOR, isConfigDocument, PREVIEW_SCHEME } from './configDocuments';
import { loadConfigTools } from './configToolsLoader';
import type { PreviewSource } from './payloadPreview';

/**
 * Code lenses, diagnostics, quick fixes, Validate and Preview payload for `*.atlan-postgres.json`
 * files. Only thin registrations live in the extension bundle; the tools themselves load from
 * dist/configTools.js when the first config file opens or a command runs.
 */
export function registerConfigFileTools(context: vscode.ExtensionContext, services: Services): void {
  const tools = () => loadConfigTools(context.extensionPath);
  let diagnostics: ConfigDiagnostics | undefined;
  let lenses: ConfigCodeLenses | undefined;
  let fixes: ConfigQuickFixes | undefined;
  let preview: PayloadPreviewProvider | undefined;
  const lensesChanged = new vscode.EventEmitter<void>();
  const previewChanged = new vscode.EventEmitter<vscode.Uri>();

  const diagnosticsOf = (): ConfigDiagnostics => (diagnostics ??= new (tools().ConfigDiagnostics)(services.activeProfile));
  const lensesOf = (): ConfigCodeLenses => {
    if (!lenses) {
      lenses = new (tools().ConfigCodeLenses)(services);
      lenses.onDidChangeCodeLenses(() => lensesChanged.fire());
    }
    return lenses;
  };
  const previewOf = (): PayloadPreviewProvider => {
    if (!preview) {
      preview = new (tools().PayloadPreviewProvider)(services);
      preview.onDidChange((uri) => previewChanged.fire(uri));
    }
    return preview;
  };
  const report = (what: string) => (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    services.log.error(`${what}: ${message}`);
    void services.prompts.message('error', `${what}: ${message}`, {});
    return undefined;
  };
  // Diagnostics start with the first config file (the tools load then, not at activation).
  const startIfConfig = (document: vscode.TextDocument): void => {
    if (!diagnostics && isConfigDocument(document)) diagnosticsOf();
  };
  vscode.workspace.textDocuments.forEach(startIfConfig);

  context.subscriptions.push(
    lensesChanged,
    previewChanged,
    { dispose: () => [diagnostics, lenses, preview].forEach((d) => d?.dispose()) },
    vscode.workspace.onDidOpenTextDocument(startIfConfig),
    vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, {
      onDidChangeCodeLenses: lensesChanged.event,
      provideCodeLenses: (document) => lensesOf().provideCodeLenses(document),
    }),
    vscode.languages.registerCodeActionsProvider(
      CONFIG_SELECTOR,
      { provideCodeActions: (document, range, ctx) => (fixes ??= new (tools().ConfigQuickFixes)()).provideCodeActions(document, range, ctx) },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
      onDidChange: previewChanged.event,
      provideTextDocumentContent: (uri) => previewOf().provideTextDocumentContent(uri),
    }),
    vscode.commands.registerCommand(CommandIds.validateConfig, (uri?: vscode.Uri) =>
      tools().validateConfig(uri instanceof vscode.Uri ? uri : undefined, services, diagnosticsOf()).catch(report('Could not validate')),
    ),
    vscode.commands.registerCommand(CommandIds.previewPayload, async (source?: PreviewSource) => {
      const target = source ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return void services.prompts.message('error', 'Open a *.atlan-postgres.json file first.', {});
      // The preview document's URI goes back to callers (tests read it).
      return tools()
        .showPreview(previewOf(), target)
        .then((editor) => editor.document.uri.toString(), report('Could not preview the payload'));
    }),
    vscode.commands.registerCommand(CommandIds.moveSecretToStorage, (args: MoveSecretArgs) =>
      tools().moveSecretToStorage(args, services).catch(report('Could not move the secret')),
    ),
  );
}
