/** Every command id, view id and context key the extension uses, in one place. */

export const ViewIds = {
  container: 'atlan',
  workflows: 'atlan.postgresWorkflows',
  crawlScope: 'atlan.crawlScope',
} as const;

export const CommandIds = {
  signIn: 'atlan.signIn',
  signOut: 'atlan.signOut',
  switchProfile: 'atlan.switchProfile',
  refresh: 'atlan.refresh',
  loadMore: 'atlan.loadMore',
  filter: 'atlan.filter',
  clearFilter: 'atlan.clearFilter',
  showOutput: 'atlan.showOutput',
  openSandboxDocs: 'atlan.openSandboxDocs',
  newCrawler: 'atlan.newCrawler',
  editInForm: 'atlan.editInForm',
  restoreUnsavedForm: 'atlan.restoreUnsavedCrawlerForm',
  previewPayload: 'atlan.previewPayload',
  previewCrawlScope: 'atlan.previewCrawlScope',
  validateConfig: 'atlan.validateConfiguration',
  moveSecretToStorage: 'atlan.moveSecretToStorage',
  submitConfig: 'atlan.submitConfiguration',
  updateWorkflow: 'atlan.updateWorkflow',
  compareWithTenant: 'atlan.compareWithTenant',
  setSecret: 'atlan.setSecret',
  rerun: 'atlan.rerunWorkflow',
  stopRun: 'atlan.stopRun',
  openInAtlan: 'atlan.openInAtlan',
  openAssetInAtlan: 'atlan.openAssetInAtlan',
  loadMoreCatalog: 'atlan.loadMoreCatalog',
  importWorkflow: 'atlan.importWorkflow',
  copyWorkflowName: 'atlan.copyWorkflowName',
  deleteWorkflow: 'atlan.deleteWorkflow',
  showRunFailure: 'atlan.showRunFailure',
  showRunDetails: 'atlan.showRunDetails',
  focusView: 'atlan.postgresWorkflows.focus',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
