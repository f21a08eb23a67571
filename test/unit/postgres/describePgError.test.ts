import assert from 'node:assert/strict';
import { DatabaseError } from 'pg';
import { PostgresCheckError, describePgError } from '../../../src/core/postgres';

function serverError(code: string, message: string): DatabaseError {
  const err = new DatabaseError(message, message.length, 'error');
  err.code = code;
  return err;
}

function socketError(code: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { code }, extra);
}

describe('core/postgres: describePgError', () => {
  const context = { host: 'db.example.com', port: 5432, username: 'atlan', password: 'hunter2-secret', connectTimeoutMs: 3000 };

  it('passes server messages through, which name users and databases but never passwords', () => {
    assert.equal(describePgError(serverError('28P01', 'password authentication failed for user "atlan"'), context), 'password authentication failed for user "atlan"');
    assert.equal(describePgError(serverError('3D000', 'database "x" does not exist'), context), 'database "x" does not exist');
  });

  it('explains a pg_hba rejection of an unencrypted connection', () => {
    const message = describePgError(
      serverError('28000', 'no pg_hba.conf entry for host "10.0.0.1", user "atlan", database "db", no encryption'),
      context,
    );
    assert.match(message, /set ssl to "require"\)$/);
  });

  it('says a statement timeout in words', () => {
    assert.equal(describePgError(serverError('57014', 'canceling statement due to statement timeout'), context), 'a query took too long on db.example.com:5432 and was cancelled');
  });

  it('names the address of a refused connection', () => {
    const err = socketError('ECONNREFUSED', 'connect ECONNREFUSED 10.1.2.3:6543', { address: '10.1.2.3', port: 6543 });
    assert.equal(describePgError(err, context), 'connection refused at 10.1.2.3:6543');
  });

  it('names an unresolvable host', () => {
    const err = socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND nope.example', { hostname: 'nope.example' });
    assert.equal(describePgError(err, context), 'could not resolve host "nope.example"');
  });

  it('reports timeouts with the configured limit', () => {
    assert.equal(describePgError(new Error('Connection terminated due to connection timeout'), context), 'connection to db.example.com:5432 timed out after 3000 ms');
  });

  it('reports a dropped connection, TLS failures and a missing password', () => {
    assert.equal(describePgError(new Error('Connection terminated unexpectedly'), context), 'the server at db.example.com:5432 closed the connection unexpectedly');
    assert.equal(
      describePgError(socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), context),
      'the TLS certificate of db.example.com:5432 could not be verified (SELF_SIGNED_CERT_IN_CHAIN)',
    );
    assert.equal(describePgError(new Error('The server does not support SSL connections'), context), 'the server at db.example.com:5432 does not support SSL connections');
    assert.equal(describePgError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), context), 'no password supplied for user "atlan"');
  });

  it('classifies failures for callers', () => {
    assert.equal(PostgresCheckError.from(serverError('28P01', 'x'), context).kind, 'authentication');
    assert.equal(PostgresCheckError.from(serverError('42501', 'permission denied for database d'), context).kind, 'permission');
    assert.equal(PostgresCheckError.from(socketError('ECONNRESET', 'read ECONNRESET'), context).kind, 'network');
    assert.equal(PostgresCheckError.from(new Error('weird'), context).kind, 'other');
  });

  it('never lets the password or a connection-string secret through', () => {
    assert.equal(describePgError(new Error('failed with hunter2-secret in it'), context), 'failed with *** in it');
    assert.equal(describePgError(new Error('bad url postgres://atlan:s3cr3t@db:5432/x'), {}), 'bad url postgres://atlan:***@db:5432/x');
    assert.equal(describePgError(new Error('options password=abc123 host=x'), {}), 'options password=*** host=x');
  });

  it('works without any context and for non-Error values', () => {
    assert.equal(describePgError(socketError('ECONNREFUSED', 'connect ECONNREFUSED')), 'connection refused at the server');
    assert.equal(describePgError('plain text'), 'plain text');
  });
});
