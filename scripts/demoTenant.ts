import * as fs from 'node:fs';
import * as path from 'node:path';
import { AtlanClient } from '../src/core/atlan';
import { parseConfig } from '../src/core/config/parse';
import { setWorkflowName } from '../src/core/config/write';
import { prepareSubmission, submitPrepared } from '../src/core/tenant/submission';
import type { SandboxEnvironment } from '../test/host/sandboxEnvironment';

/**
 * What a newcomer finds on first start: configuration files for the demo Postgres in a
 * workspace, real workflows created from them (their runs really crawl), one crawler made the way
 * Atlan's UI makes them, and a few dozen seeded workflows with a history, some failed, so every
 * part of the view has something to show.
 */
export const DEMO_SECRET_NAME = 'demo-postgres';

function demoConfigs(pg: SandboxEnvironment['postgres']): { file: string; text: string }[] {
  const extraction = (database: string): string => `"extraction": {
    "method": "direct",
    "host": "${pg.host}",
    "port": ${pg.port},
    "database": "${database}",
    "auth": { "type": "basic", "username": "${pg.user}", "password": { "secret": "${DEMO_SECRET_NAME}" } }
  }`;
  return [
    {
      file: 'analytics.atlan-postgres.json',
      text: `{
  // The demo Postgres started by \`npm start\`. The password lives in VS Code's secret storage
  // under the name "${DEMO_SECRET_NAME}", never in this file.
  "connectionName": "analytics-warehouse",
  "admins": { "roles": ["$admin"] },
  ${extraction('analytics')},
  "include": { "analytics": ["public", "sales", "marketing"] },
  "excludeRegex": ".*_TEST",
  "schedule": { "cron": "45 4 * * *", "timezone": "Europe/Paris" }
}
`,
    },
    {
      file: 'inventory.atlan-postgres.json',
      text: `{
  "connectionName": "inventory",
  "admins": { "roles": ["$admin"], "users": ["demo.user"] },
  ${extraction('inventory')},
  "exclude": { "inventory": ["staging"] },
  "rowLimit": 5000
}
`,
    },
    {
      file: 'new-crawler.atlan-postgres.json',
      text: `{
  // Not submitted yet: use the Submit lens above to create it.
  "connectionName": "analytics-staging",
  "admins": { "roles": ["$admin"] },
  ${extraction('analytics')},
  "include": { "analytics": ["staging"] }
}
`,
    },
  ];
}

/**
 * Workspace settings of the demo folder. It lives inside this repository (in .sandbox-state/), so
 * VS Code's Git extension would offer, in a toast, to open the repository of a parent folder.
 */
export const DEMO_WORKSPACE_SETTINGS = { 'git.openRepositoryInParentFolders': 'never' } as const;

/**
 * Writes the files of the demo workspace that are missing: what is there already, edited or not,
 * stays as the user left it. Returns the configuration files' paths.
 */
export function writeDemoWorkspace(workspace: string, pg: SandboxEnvironment['postgres']): string[] {
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settings = path.join(workspace, '.vscode', 'settings.json');
  if (!fs.existsSync(settings)) fs.writeFileSync(settings, `${JSON.stringify(DEMO_WORKSPACE_SETTINGS, null, 2)}\n`);
  return demoConfigs(pg).map(({ file, text }) => {
    const target = path.join(workspace, file);
    if (!fs.existsSync(target)) fs.writeFileSync(target, text);
    return target;
  });
}

/**
 * Writes what is missing of the demo workspace and, on an empty tenant, creates a workflow from
 * each example file (as the file now reads, the user's edits included; `new-*` files stay
 * unsubmitted) and records its name in the file, then seeds a history.
 */
export async function populateDemoTenant(env: SandboxEnvironment, workspace: string, log: (line: string) => void): Promise<void> {
  const files = writeDemoWorkspace(workspace, env.postgres);
  const state = await env.sandbox.admin.state();
  if (state.workflows > 0 || state.apps > 0) return;
  const client = new AtlanClient({ baseUrl: env.sandbox.url, token: env.sandbox.tokens.apiToken });
  try {
    const backend = client.backend(await client.detectSurface());
    for (const file of files.filter((f) => !path.basename(f).startsWith('new-'))) {
      const text = fs.readFileSync(file, 'utf8');
      const { config, issues } = parseConfig(text);
      if (!config) {
        log(`Not creating a workflow from ${path.basename(file)}: ${issues.find((i) => i.severity === 'error')?.message ?? 'it does not parse'}`);
        continue;
      }
      const prepared = await prepareSubmission({ config, client, backend, lookupSecret: () => Promise.resolve(env.postgres.password) });
      const created = await submitPrepared(backend, prepared, { createAnyway: true });
      fs.writeFileSync(file, setWorkflowName(text, created.workflow.name));
      log(`Created ${created.workflow.name} (${config.connectionName}) on the sandbox`);
    }
    // Seeded crawlers are named both ways (SDK and UI), next to a Postgres miner the view must not show.
    await env.sandbox.admin.seed({ workflows: 24, runsPerWorkflow: 4, inFlight: 1 });
    // One crawler as a person makes it in Atlan's UI, of the demo Postgres, so its reruns really crawl.
    const pg = env.postgres;
    const ui = await env.sandbox.admin.createUiCrawler({
      connectionName: 'analytics-from-atlan-ui',
      credential: { host: pg.host, port: pg.port, database: 'analytics', username: pg.user, password: pg.password },
      include: { analytics: ['public'] },
      run: true,
    });
    log(`Created ${ui.name} (analytics-from-atlan-ui) on the sandbox, as Atlan's UI names crawlers`);
  } finally {
    await client.close();
  }
}
