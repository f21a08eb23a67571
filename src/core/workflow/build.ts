/** One entry point for both API surfaces: configuration + context -> a crawler ready to send. */
import type { BuiltCrawler, Surface } from '../atlan/backend';
import type { CrawlerConfig } from '../config/model';
import { buildAppCreateBody } from './appBuilder';
import type { BuildContext } from './context';
import { buildLegacyWorkflow } from './legacyBuilder';

export function buildCrawler(config: CrawlerConfig, ctx: BuildContext, surface: Surface): BuiltCrawler {
  return surface === 'apps'
    ? { surface: 'apps', body: buildAppCreateBody(config, ctx) }
    : { surface: 'workflows', workflow: buildLegacyWorkflow(config, ctx) };
}
