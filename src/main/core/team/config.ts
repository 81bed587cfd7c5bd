/**
 * Team server settings (Settings → Team) and how they become a PostgreSQL connection. The
 * settings live in `<dataDir>/team.json` (no secret in it); the password lives only in the OS
 * keychain (team/vault.ts). Errors from the server are turned into plain-word AppErrors.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientConfig } from 'pg';
import { z } from 'zod';
import { AppError } from '../../../shared/errors.ts';
import { TeamServerSchema, type TeamServer } from '../../../shared/team.ts';

/** The server schema version this app knows (server/migrations: one file per version). */
export const TEAM_SCHEMA_VERSION = 3;

/** The team file: the server, once joined. */
const TeamFileSchema = z.object({ server: TeamServerSchema.nullable() });

const TEAM_FILE = 'team.json';

/** Reads the joined server, or null (no file, or an unreadable one, which is moved aside). */
export function readTeamFile(dataDir: string): TeamServer | null {
  const file = path.join(dataDir, TEAM_FILE);
  if (!existsSync(file)) return null;
  try {
    return TeamFileSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).server;
  } catch {
    renameSync(file, `${file}.unreadable-${Date.now()}`);
    return null;
  }
}

/** Writes the team file atomically (temp file + rename). */
export function writeTeamFile(dataDir: string, server: TeamServer | null): void {
  const file = path.join(dataDir, TEAM_FILE);
  const temp = `${file}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify({ server }, null, 2)}\n`);
  renameSync(temp, file);
}

/** A stable key for the change-feed cursor: a cursor belongs to one server and database. */
export function serverKey(server: TeamServer): string {
  return `${server.host}:${server.port}/${server.database}`;
}

/** node-postgres settings for one member's connection. */
export function clientConfig(server: TeamServer, password: string, connectTimeoutMs = 10_000): ClientConfig {
  return {
    host: server.host,
    port: server.port,
    database: server.database,
    user: server.user,
    password,
    ssl: server.tls === 'disable' ? false : { rejectUnauthorized: server.tls === 'verify-full' },
    connectionTimeoutMillis: connectTimeoutMs,
    application_name: 'hoiio-click-to-call',
    // A half-open TCP connection must not hang a sync forever.
    keepAlive: true,
    query_timeout: 60_000,
  };
}

/** Turns a pg/network error into a message a user can act on (never containing the password). */
export function describeTeamError(error: unknown, server: TeamServer): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string } | null)?.code;
  const where = `${server.host}:${server.port}`;
  switch (code) {
    case '28P01':
    case '28000':
      return new AppError(
        'invalid_input',
        `The team server refused user "${server.user}": wrong user name or password. Check both with your administrator.`,
        { reason: 'auth' },
      );
    case '3D000':
      return new AppError('invalid_input', `The team server has no database "${server.database}". Check its name.`, {
        reason: 'database',
      });
    case '42501':
    case '3F000':
    case '42P01':
      return new AppError(
        'invalid_input',
        `"${server.user}" is not set up as a team member on this database (no team schema or no access). ` +
          'Ask your administrator to run the set-up in docs/team.md.',
        { reason: 'not_member' },
      );
    case 'ECONNREFUSED':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'ECONNRESET':
      return new AppError(
        'network',
        `The team server at ${where} cannot be reached. Check the address and your network.`,
        {
          reason: 'unreachable',
        },
      );
    default:
      break;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/timeout/i.test(message)) {
    return new AppError(
      'network',
      `The team server at ${where} did not answer in time. Check the address and your network.`,
      {
        reason: 'unreachable',
      },
    );
  }
  if (/SSL|TLS|certificate/i.test(message)) {
    return new AppError('network', `A secure connection to ${where} failed: ${message}. Check the TLS mode.`, {
      reason: 'tls',
    });
  }
  return new AppError('network', `The team server at ${where} failed: ${message}`, { reason: 'server' });
}

/** The refusal when the server's schema is newer than this app. */
export function newerSchemaError(found: number): AppError {
  return new AppError(
    'conflict',
    `The team server uses schema version ${found}, newer than this app knows (${TEAM_SCHEMA_VERSION}). ` +
      'Update the app on this desktop to join the team.',
    { reason: 'newer_schema', found, supported: TEAM_SCHEMA_VERSION },
  );
}
