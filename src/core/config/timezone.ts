/**
 * IANA time zone names, checked against the runtime's ICU data. Atlan's scheduler (Go, Temporal)
 * looks zones up case-sensitively, so a zone that ICU only accepts after canonicalising its case
 * ("europe/paris") is rejected with a suggestion rather than passed through.
 */

/** Returns undefined for a known IANA zone name, else why not (a predicate phrase). */
export function checkTimezone(name: string): string | undefined {
  if (name.trim() === '') return 'must not be empty; use an IANA time zone such as "Europe/Paris" or "UTC"';
  if (/^[+-]\d|^GMT[+-]|^UTC[+-]/i.test(name)) {
    return `is an offset ("${name}"), not an IANA time zone; use a zone name such as "Etc/GMT-2" or "Europe/Paris"`;
  }
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return `is not a known IANA time zone: "${name}" (e.g. "Europe/Paris", "America/New_York", "UTC")`;
  }
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) {
    return `is "${name}"; time zone names are case-sensitive, did you mean "${resolved}"?`;
  }
  return undefined;
}
