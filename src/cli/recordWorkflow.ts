/** Recording a workflow's name in its configuration file (submit, apply), keeping comments, layout and a byte order mark. */
import { setProfileWorkflowName, setWorkflowName } from '../core/config/write';
import { splitBom, withBom } from './configFile';
import type { CliIo } from './io';

/**
 * Writes the name into the file as it is now (re-read: it may have been saved meanwhile): as
 * "workflow", or with a profile as "profiles.<profile>.workflow". Returns why it failed, if it did.
 */
export async function recordWorkflowName(io: CliIo, file: string, submitted: { text: string; bom: boolean }, name: string, profile?: string): Promise<string | undefined> {
  let current = { text: submitted.text, bom: submitted.bom };
  try {
    current = splitBom(await io.readFile(file));
  } catch {
    // Gone or unreadable now: write what was submitted.
  }
  try {
    const text = profile === undefined ? setWorkflowName(current.text, name) : setProfileWorkflowName(current.text, profile, name);
    await io.writeFile(file, withBom(text, current.bom));
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
