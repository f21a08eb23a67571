import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Canary secrets for one integration run: the API token the sandbox accepts, and the values the
 * security suite stores as a database password, an AWS secret key and an external id. After the
 * run, every file the host and the extension wrote is searched for them: each must occur 0 times.
 */
export interface Canaries {
  token: string;
  password: string;
  awsSecretKey: string;
  externalId: string;
}

export function makeCanaries(): Canaries {
  const id = randomBytes(8).toString('hex');
  return { token: `canary-token-${id}`, password: `canary-password-${id}`, awsSecretKey: `canary-aws-secret-${id}`, externalId: `canary-external-id-${id}` };
}

export interface CanaryFinding {
  canary: keyof Canaries;
  file: string;
  count: number;
}

/** Every occurrence of a canary in the files under `roots`, as text or inside binary files. */
export function findCanaries(canaries: Canaries, roots: string[]): { findings: CanaryFinding[]; filesScanned: number } {
  const findings: CanaryFinding[] = [];
  let filesScanned = 0;
  const needles = Object.entries(canaries).map(([name, value]) => ({ name: name as keyof Canaries, bytes: Buffer.from(value) }));
  const visit = (p: string): void => {
    const stat = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!stat || stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(p)) visit(path.join(p, entry));
      return;
    }
    if (!stat.isFile()) return;
    filesScanned++;
    const content = fs.readFileSync(p);
    for (const { name, bytes } of needles) {
      let count = 0;
      for (let at = content.indexOf(bytes); at >= 0; at = content.indexOf(bytes, at + bytes.length)) count++;
      if (count > 0) findings.push({ canary: name, file: p, count });
    }
  };
  for (const root of roots) visit(root);
  return { findings, filesScanned };
}
