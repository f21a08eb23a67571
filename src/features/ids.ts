/** Every command id, view id and context key the extension uses, in one place. */

export const ViewIds = {
  container: 'atlan',
  workflows: 'atlan.postgresWorkflows',
} as const;

export const CommandIds = {
  signIn: 'atlan.signIn',
  signOut: 'atlan.signOut',
  refresh: 'atlan.refresh',
  showOutput: 'atlan.showOutput',
  openSandboxDocs: 'atlan.openSandboxDocs',
} as const;
export type CommandId = (typeof CommandIds)[keyof typeof CommandIds];
