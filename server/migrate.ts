/**
 * Applies the team server's schema migrations (server/migrations, node-pg-migrate) as the
 * migrator role (docs/team.md). Usage:
 *   DATABASE_URL=postgres://team_migrator:…@host:5432/hoiio_team node server/migrate.ts [up|down]
 * Members' desktops never migrate: they refuse a server whose schema is newer than they know.
 */
import path from 'node:path';
import { runner } from 'node-pg-migrate';

export const MIGRATIONS_DIR = path.join(import.meta.dirname, 'migrations');

/** Runs pending migrations up (or the last one down) against `databaseUrl`; resolves to the names run. */
export async function migrateTeamServer(
  databaseUrl: string,
  options: { readonly direction?: 'up' | 'down'; readonly log?: (message: string) => void } = {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl,
    dir: MIGRATIONS_DIR,
    direction: options.direction ?? 'up',
    count: options.direction === 'down' ? 1 : Infinity,
    migrationsTable: 'pgmigrations',
    migrationsSchema: 'team_migrations',
    createMigrationsSchema: true,
    checkOrder: true,
    singleTransaction: true,
    log: options.log ?? (() => undefined),
  });
  return applied.map((migration) => migration.name);
}

if (import.meta.main) {
  const url = process.env.DATABASE_URL;
  const direction = process.argv[2] ?? 'up';
  if (!url || (direction !== 'up' && direction !== 'down')) {
    console.error(
      'usage: DATABASE_URL=postgres://migrator:password@host:port/database node server/migrate.ts [up|down]',
    );
    process.exit(2);
  }
  migrateTeamServer(url, { direction, log: (message) => console.error(message) }).then(
    (names) => console.log(names.length ? `applied: ${names.join(', ')}` : 'already up to date'),
    (error: unknown) => {
      console.error(`migration failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
