/** Every CLI command, in help order. A new command is one module plus one line here. */
import type { CliCommand } from '../command';
import { applyCommand } from './apply';
import { diffCommand } from './diff';
import { monitorCommand } from './monitor';
import { planCommand } from './plan';
import { previewCommand } from './preview';
import { rerunCommand } from './rerun';
import { runsCommand } from './runs';
import { submitCommand } from './submit';
import { validateCommand } from './validate';

export const COMMANDS: readonly CliCommand[] = [validateCommand, previewCommand, submitCommand, rerunCommand, runsCommand, monitorCommand, diffCommand, planCommand, applyCommand];
