/** Names that need no zod: what the extension checks before it loads the configuration model. */

/** Configuration files end with this. */
export const CONFIG_FILE_SUFFIX = '.atlan-postgres.json';

/**
 * Secret names: short, file-name-like, so they map cleanly onto env vars and SecretStorage keys.
 * They start with a letter or digit, which also keeps out names like `__proto__`.
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SECRET_NAME_RULE = '1-64 characters from A-Z a-z 0-9 . _ -, starting with a letter or digit';
