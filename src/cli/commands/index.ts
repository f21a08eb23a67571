/** Every CLI command, in help order. A new command is one module plus one line here. */
import type { CliCommand } from '../command';
import { applyCommand } from './apply';
import { catalogCommand } from './catalog';
import { diffCommand } from './diff';
import { monitorCommand } from './monitor';
import { planCommand } from './plan';
import { previewCommand } from './preview';
import { rerunCommand } from './rerun';
import { runsCommand } from './runs';
import { scopeCommand } from './scope';
import { submitCommand } from './submit';
import { validateCommand } from './validate';
import { workflowsCommand } from './workflows';

export const COMMANDS: readonly CliCommand[] = [validateCommand, previewCommand, scopeCommand, submitCommand, rerunCommand, workflowsCommand, runsCommand, catalogCommand, monitorCommand, diffCommand, planCommand, applyCommand];
