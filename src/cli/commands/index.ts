/** Every CLI command, in help order. A new command is one module plus one line here. */
import type { CliCommand } from '../command';
import { previewCommand } from './preview';
import { validateCommand } from './validate';

export const COMMANDS: readonly CliCommand[] = [validateCommand, previewCommand];
