import type * as vscode from 'vscode';
import { SECRET_NAME_PATTERN, SECRET_NAME_RULE } from '../../core/config/names';
import type { SecretLookup } from '../../core/config/secrets';

/**
 * Database passwords, AWS secret keys and external ids, by the name a configuration file refers
 * to (`{"secret": "warehouse-prod"}`). They live only in VS Code's SecretStorage.
 */
export class SecretVault {
  constructor(private readonly storage: vscode.SecretStorage) {}

  private key(name: string): string {
    if (!SECRET_NAME_PATTERN.test(name)) throw new Error(`"${name}" is not a valid secret name: use ${SECRET_NAME_RULE}`);
    return `atlan.secret:${name}`;
  }

  get(name: string): Thenable<string | undefined> {
    return this.storage.get(this.key(name));
  }

  async has(name: string): Promise<boolean> {
    return (await this.get(name)) !== undefined;
  }

  async store(name: string, value: string): Promise<void> {
    if (value.length === 0) throw new Error(`The value of secret "${name}" is empty.`);
    await this.storage.store(this.key(name), value);
  }

  async delete(name: string): Promise<void> {
    await this.storage.delete(this.key(name));
  }

  /** For `resolveSecrets` in core/config. */
  readonly lookup: SecretLookup = async (name) => this.get(name);
}
