/**
 * An issue's message as the form shows it under its own field. parseConfig's messages start with
 * the issue's path ("schedule.cron never fires…"), which is right in the Problems panel and the
 * CLI, but under the field labelled "Cron expression" it is an internal name: the label already
 * says which field it is. No `vscode`: the webview bundles this.
 */
import { formatPath, type IssuePath } from '../../core/config/issues';

export function messageUnderField(path: IssuePath, message: string): string {
  const prefix = `${formatPath(path)} `;
  if (path.length === 0 || !message.startsWith(prefix)) return message;
  const rest = message.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
