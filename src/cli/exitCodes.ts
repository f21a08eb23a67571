/** Exit codes of the atlan-postgres CLI; scripts and CI key on these, so they never change meaning. */
export const ExitCode = {
  /** Done; for validate: no errors (warnings allowed). */
  ok: 0,
  /** A bug in the CLI itself (an unexpected exception). */
  internal: 1,
  /** The configuration is invalid, or the command line is. */
  invalid: 2,
  /** The tenant refused the credentials (401/403). */
  auth: 3,
  /** The workflow ran and failed. */
  runFailed: 4,
  /** The tenant or the network failed (5xx, timeouts, connection refused). */
  network: 5,
  /** diff: the file and the tenant differ; plan: applying would change something. Not diff(1)'s 1, which is the CLI's internal error. */
  differs: 6,
  /** Stopped by Ctrl-C (the shell's 128 + SIGINT); a run being watched goes on. */
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
