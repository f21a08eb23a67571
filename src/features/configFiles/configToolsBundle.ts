/**
 * Entry of dist/configTools.js: the config-file tools and the crawler form, everything but their
 * registration. Required lazily (configToolsLoader.ts) the first time a config file is open or
 * a form is asked for, so their ~90 KB (jsonc-parser, the builders, the webview host) stay out of
 * what VS Code parses at every activation.
 */
export { ConfigCodeLenses } from './configCodeLenses';
export { moveSecretToStorage, validateConfig } from './configCommands';
export { ConfigDiagnostics } from './configDiagnostics';
export { ConfigQuickFixes } from './configQuickFixes';
export { PayloadPreviewProvider, showPreview } from './payloadPreview';
export { createCrawlerForms } from '../form/crawlerForms';
export { previewScope, ScopePreviewError } from '../scope/previewScope';
export { createPlanFeature } from '../plan/planFeature';
