/**
 * A real PostgreSQL team server for tests and benchmarks: a throw-away cluster
 * (scripts/postgres-cluster.ts), set up with the administrator SQL of docs/team.md, migrated as
 * the migrator role, with login roles for members. scram-sha-256 on 127.0.0.1 only.
 */
import pg from 'pg';
import { teamClusterSql, teamMemberSql } from '../../server/admin-sql.ts';
import { migrateTeamServer } from '../../server/migrate.ts';
import { findPostgresBin, startPostgresCluster, type PostgresCluster } from '../../scripts/postgres-cluster.ts';
import type { TeamServer } from '../../src/shared/team.ts';

export const TEAM_DATABASE = 'hoiio_team';
const MIGRATOR = 'team_migrator';
const MIGRATOR_PASSWORD = 'migrator-secret-1';

export interface TestTeamServer {
  readonly cluster: PostgresCluster;
  /** Adds a member role; returns its server settings and password. */
  addMember(name: string): Promise<{ server: TeamServer; password: string }>;
  /**
   * Runs SQL as the superuser on the team database (superusers bypass row-level security).
   * `replica`: with triggers off (session_replication_role = replica), as a bulk restore runs.
   */
  admin<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
    options?: { readonly replica?: boolean },
  ): Promise<R[]>;
  /** A pg client signed in as `user` (a member) on the team database. */
  connectAs(user: string, password: string): Promise<pg.Client>;
  migratorUrl(): string;
  destroy(): void;
}

/**
 * Why team tests cannot run here, or null when they can. Only a machine without the PostgreSQL
 * binaries skips; CI (CI=true) fails instead, because it must have them (scripts/setup.sh).
 */
export function postgresMissingReason(): string | null {
  if (findPostgresBin()) return null;
  const reason = 'PostgreSQL binaries (initdb, pg_ctl) not found: apt-get install -y postgresql, or set PG_BIN';
  if (process.env.CI) throw new Error(`${reason} (CI must run the team tests)`);
  return reason;
}

async function runAll(url: string, statements: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

export async function startTeamServer(): Promise<TestTeamServer> {
  const cluster = await startPostgresCluster();
  try {
    await runAll(
      cluster.adminUrl(),
      teamClusterSql({ database: TEAM_DATABASE, migrator: MIGRATOR, migratorPassword: MIGRATOR_PASSWORD }),
    );
    const migratorUrl = `postgres://${MIGRATOR}:${MIGRATOR_PASSWORD}@127.0.0.1:${cluster.port}/${TEAM_DATABASE}`;
    await migrateTeamServer(migratorUrl);
    const adminPool = new pg.Pool({ connectionString: cluster.adminUrl(TEAM_DATABASE), max: 2 });
    adminPool.on('error', () => undefined);
    return {
      cluster,
      async addMember(name) {
        const password = `pw-${name}-${Math.random().toString(36).slice(2, 10)}`;
        await runAll(cluster.adminUrl(), teamMemberSql(name, password));
        return {
          password,
          server: { host: '127.0.0.1', port: cluster.port, database: TEAM_DATABASE, user: name, tls: 'disable' },
        };
      },
      async admin(sql, params, options) {
        if (!options?.replica) return (await adminPool.query(sql, params)).rows;
        const client = await adminPool.connect();
        try {
          await client.query('SET session_replication_role = replica');
          return (await client.query(sql, params)).rows;
        } finally {
          await client.query('RESET session_replication_role').catch(() => undefined);
          client.release();
        }
      },
      async connectAs(user, password) {
        const client = new pg.Client({
          host: '127.0.0.1',
          port: cluster.port,
          database: TEAM_DATABASE,
          user,
          password,
        });
        client.on('error', () => undefined);
        await client.connect();
        return client;
      },
      migratorUrl: () => migratorUrl,
      destroy() {
        void adminPool.end().catch(() => undefined);
        cluster.destroy();
      },
    };
  } catch (error) {
    cluster.destroy();
    throw error;
  }
}
