/**
 * zod shapes of what the tenant returns for a Postgres crawler, as far as import and drift
 * read it. Loose on purpose (unknown keys pass): the tenant adds fields we do not use.
 */
import * as z from 'zod';

export const LegacyParameterSchema = z.object({ name: z.string(), value: z.unknown().optional() });

export const LegacyWorkflowSchema = z.object({
  metadata: z.object({
    name: z.string().min(1),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.object({
    templates: z
      .array(
        z.object({
          dag: z
            .object({
              tasks: z.array(z.object({ arguments: z.object({ parameters: z.array(LegacyParameterSchema) }).optional() })),
            })
            .optional(),
        }),
      )
      .min(1),
  }),
  payload: z.array(z.object({ parameter: z.string(), type: z.string(), body: z.record(z.string(), z.unknown()) })).optional(),
});

export const ConnectionEntitySchema = z.object({
  typeName: z.literal('Connection'),
  attributes: z.object({
    qualifiedName: z.string().min(1),
    name: z.string().optional(),
    adminUsers: z.array(z.string()).optional(),
    adminGroups: z.array(z.string()).optional(),
    adminRoles: z.array(z.string()).optional(),
    allowQuery: z.boolean().optional(),
    allowQueryPreview: z.boolean().optional(),
    rowLimit: z.number().optional(),
    defaultCredentialGuid: z.string().optional(),
  }),
  guid: z.string().optional(),
});

/** A credential's non-secret details: a legacy `payload[].body`, an App `inputs.credential`, or GET credentials/{guid}. */
export const CredentialDetailsSchema = z.object({
  authType: z.string().optional(),
  host: z.string().optional(),
  port: z.union([z.number(), z.string()]).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  extra: z.record(z.string(), z.unknown()).optional(),
});
export type CredentialDetails = z.infer<typeof CredentialDetailsSchema>;

export const AppCreateBodySchema = z.object({
  app_id: z.string(),
  name: z.string(),
  inputs: z.object({
    connection: ConnectionEntitySchema,
    extraction_method: z.string().optional(),
    credential_guid: z.string().optional(),
    include_filter: z.unknown().optional(),
    exclude_filter: z.unknown().optional(),
    temp_table_regex: z.string().optional(),
    use_source_schema_filtering: z.union([z.string(), z.boolean()]).optional(),
    use_jdbc_internal_methods: z.union([z.string(), z.boolean()]).optional(),
    credential: CredentialDetailsSchema.optional(),
  }),
  schedule: z.object({ cron: z.string(), timezone: z.string().optional() }).optional(),
});
