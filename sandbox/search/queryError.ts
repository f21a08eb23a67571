/** A query the sandbox cannot evaluate faithfully: answered with a 400, never a silent guess. */
export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
