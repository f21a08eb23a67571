/**
 * The postgres-crawler app and its input contract. The zod schema is the single source: the
 * server validates `inputs` with it and publishes it as the JSON Schema `GET v1/apps/{id}/inputs`
 * returns. Field names and defaults follow the live contract pyatlan was generated from.
 */
import * as z from 'zod';
import { CredentialBody } from '../credentials';
import { parseFilterMap } from '../runs/executionPlan';

export const POSTGRES_APP_ID = 'postgres-crawler';
export const POSTGRES_ENTRYPOINT = 'crawler';

export const APP_INFO = {
  app_id: POSTGRES_APP_ID,
  name: 'Postgres',
  native_ready: true,
  execution_mode: 'native',
  entrypoints: [{ name: POSTGRES_ENTRYPOINT }],
} as const;

const FilterValue = z
  .union([z.string(), z.record(z.string(), z.array(z.string()))])
  .describe('Anchored-regex map {"^db$": ["^schema$"]}, as a JSON string or an object');

const BooleanString = z.enum(['true', 'false']);

const Connection = z
  .object({
    typeName: z.literal('Connection'),
    attributes: z
      .object({
        qualifiedName: z.string().regex(/^default\/postgres\/\d+$/, 'must look like default/postgres/<epoch seconds>'),
        connectorName: z.literal('postgres'),
        name: z.string().min(1).optional(),
        adminUsers: z.array(z.string()).optional(),
        adminGroups: z.array(z.string()).optional(),
        adminRoles: z.array(z.string()).optional(),
        allowQuery: z.boolean().optional(),
        allowQueryPreview: z.boolean().optional(),
        rowLimit: z.number().int().min(0).optional(),
      })
      .loose(),
  })
  .loose();

/** The inputs object of `POST v1/app` and `PUT v1/app/{slug}` for postgres-crawler. */
export const PostgresCrawlerInputs = z
  .object({
    connection: Connection,
    extraction_method: z.enum(['direct', 'agent', '']).default('direct'),
    credential_guid: z.string().default(''),
    credential_ref: z.unknown().optional(),
    /** Not in the published contract: the server recognises a raw credential by shape and vaults it. */
    credential: CredentialBody.optional(),
    agent_json: z.unknown().optional(),
    include_filter: FilterValue.default('{}'),
    exclude_filter: FilterValue.default('{}'),
    temp_table_regex: z.string().default(''),
    source_tag_prefix: z.string().default(''),
    advanced_config: z.enum(['default', 'custom']).default('default'),
    use_source_schema_filtering: BooleanString.default('false'),
    use_jdbc_internal_methods: BooleanString.default('true'),
    control_config_strategy: z.enum(['default', 'custom']).default('default'),
    control_config: z.string().default('{}'),
    preflight_check: z.string().default(''),
    postgres_crawler_credential: z.unknown().optional(),
  })
  .strict()
  .superRefine((inputs, ctx) => {
    const a = inputs.connection.attributes;
    if (!(a.adminUsers?.length || a.adminGroups?.length || a.adminRoles?.length)) {
      ctx.addIssue({ code: 'custom', path: ['connection', 'attributes'], message: 'at least one of adminUsers, adminGroups, adminRoles is required' });
    }
    for (const key of ['include_filter', 'exclude_filter'] as const) {
      const problem = parseFilterMap(inputs[key], key);
      if (typeof problem === 'string') ctx.addIssue({ code: 'custom', path: [key], message: problem });
    }
    const method = inputs.extraction_method || 'direct';
    if (method === 'direct' && !inputs.credential && !inputs.credential_guid) {
      ctx.addIssue({ code: 'custom', path: ['credential_guid'], message: 'direct extraction needs credential_guid or an inline credential' });
    }
    if (method === 'agent' && (inputs.agent_json === undefined || inputs.agent_json === null)) {
      ctx.addIssue({ code: 'custom', path: ['agent_json'], message: 'agent extraction needs agent_json' });
    }
  });
export type PostgresCrawlerInputs = z.infer<typeof PostgresCrawlerInputs>;

/** The JSON Schema the tenant publishes for the app's inputs (the credential field stays unlisted). */
export function inputContract(): Record<string, unknown> {
  const schema = z.toJSONSchema(PostgresCrawlerInputs, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const properties = { ...(schema['properties'] as Record<string, unknown>) };
  delete properties['credential'];
  return {
    title: 'AppInputContract',
    description: 'Inputs of the postgres-crawler app, entrypoint crawler.',
    type: 'object',
    properties,
    required: schema['required'] ?? ['connection'],
    additionalProperties: false,
    $defs: schema['$defs'] ?? {},
  };
}
