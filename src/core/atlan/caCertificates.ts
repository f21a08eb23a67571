/**
 * The CA certificates to trust for a tenant when the user configured extra ones. Passing `ca` to
 * TLS replaces Node's default store, which holds the bundled roots AND the certificates of the
 * NODE_EXTRA_CA_CERTS file: both are put back here, then the configured ones, each checked so a
 * wrong path or a file without a certificate is reported by name instead of failing every TLS
 * handshake later.
 */
import { X509Certificate } from 'node:crypto';
import * as path from 'node:path';
import * as tls from 'node:tls';

export interface CaCertificateSources {
  /** Configured entries: PEM text, or an absolute path to a PEM file. */
  configured: readonly string[];
  /** Where the configured entries come from, for messages (e.g. the setting's name). */
  configuredLabel: string;
  /** The NODE_EXTRA_CA_CERTS path, when set. */
  nodeExtraCaCertsFile?: string;
  readFile: (file: string) => string;
  /** Node's bundled roots; `tls.rootCertificates` unless a test passes others. */
  rootCertificates?: readonly string[];
}

/** A configured CA certificate that cannot be used; the message names the file or entry. */
export class CaCertificateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CaCertificateError';
  }
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Node's roots + the NODE_EXTRA_CA_CERTS file + the configured certificates, as PEM strings; or
 * undefined when nothing is configured (Node's default store, which already has both, applies).
 * Throws CaCertificateError naming the file or entry that cannot be read or holds no certificate.
 */
export function trustedCaCertificates(sources: CaCertificateSources): string[] | undefined {
  const configured = sources.configured.map((entry) => entry.trim()).filter((entry) => entry !== '');
  if (configured.length === 0) return undefined;
  const out = [...(sources.rootCertificates ?? tls.rootCertificates)];
  const envFile = sources.nodeExtraCaCertsFile?.trim();
  if (envFile) out.push(...certificatesOfFile(envFile, 'NODE_EXTRA_CA_CERTS', sources.readFile));
  configured.forEach((entry, index) => {
    if (entry.includes('-----BEGIN')) {
      out.push(...certificatesIn(entry, `Entry ${index + 1} of ${sources.configuredLabel}`));
    } else if (path.isAbsolute(entry)) {
      out.push(...certificatesOfFile(entry, sources.configuredLabel, sources.readFile));
    } else {
      throw new CaCertificateError(
        `Entry ${index + 1} of ${sources.configuredLabel} ("${entry.slice(0, 80)}") is neither PEM text (-----BEGIN CERTIFICATE-----) nor an absolute path to a PEM file.`,
      );
    }
  });
  return [...new Set(out)];
}

function certificatesOfFile(file: string, from: string, readFile: (file: string) => string): string[] {
  let text: string;
  try {
    text = readFile(file);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? ` (${String((error).code)})` : '';
    throw new CaCertificateError(`The CA certificate file ${file} (from ${from}) cannot be read${code}.`);
  }
  return certificatesIn(text, `The CA certificate file ${file} (from ${from})`);
}

/** Every PEM certificate in `text`, each parsed; `what` names the source in errors. */
function certificatesIn(text: string, what: string): string[] {
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new CaCertificateError(`${what} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  return blocks.map((block, index) => {
    try {
      new X509Certificate(block);
    } catch {
      throw new CaCertificateError(`${what} holds a certificate that cannot be read (certificate ${index + 1} of ${blocks.length}).`);
    }
    // One spelling per certificate (CRLF files too), so the same CA from two sources is kept once.
    return `${block.replace(/\r\n?/g, '\n')}\n`;
  });
}
