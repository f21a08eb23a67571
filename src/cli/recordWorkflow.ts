/** Recording a workflow's name in its configuration file (submit, apply), keeping comments, layout and a byte order mark. */
import { setWorkflowName } from '../core/config/write';
import { splitBom, withBom } from './configFile';
import type { CliIo } from './io';

/** Writes the name into the file as it is now (re-read: it may have been saved meanwhile). Returns why it failed, if it did. */
export async function recordWorkflowName(io: CliIo, file: string, submitted: { text: string; bom: boolean }, name: string): Promise<string | undefined> {
  let current = { text: submitted.text, bom: submitted.bom };
  try {
    current = splitBom(await io.readFile(file));
  } catch {
    // Gone or unreadable now: write what was submitted.
  }
  try {
    await io.writeFile(file, withBom(setWorkflowName(current.text, name), current.bom));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
