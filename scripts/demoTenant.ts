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

/** Writes the demo workspace (never overwriting a file the user changed) and fills an empty tenant. */
export async function populateDemoTenant(env: SandboxEnvironment, workspace: string, log: (line: string) => void): Promise<void> {
  fs.mkdirSync(workspace, { recursive: true });
  const state = await env.sandbox.admin.state();
  const fresh = state.workflows === 0 && state.apps === 0;
  const client = new AtlanClient({ baseUrl: env.sandbox.url, token: env.sandbox.tokens.apiToken });
  try {
    const backend = client.backend(await client.detectSurface());
    for (const { file, text } of demoConfigs(env.postgres)) {
      const target = path.join(workspace, file);
      if (fs.existsSync(target) && !fresh) continue;
      let content = text;
      if (!file.startsWith('new-')) {
        const { config } = parseConfig(text);
        if (!config) throw new Error(`the demo configuration ${file} does not parse`);
        const prepared = await prepareSubmission({ config, client, backend, lookupSecret: () => Promise.resolve(env.postgres.password) });
        const created = await submitPrepared(backend, prepared, { createAnyway: true });
        content = setWorkflowName(text, created.workflow.name);
        log(`Created ${created.workflow.name} (${config.connectionName}) on the sandbox`);
      }
      fs.writeFileSync(target, content);
    }
    if (fresh) {
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
    }
  } finally {
    await client.close();
  }
}
