/**
 * The SQL an administrator runs once, as a superuser, to host a team (docs/team.md prints the
 * same statements): the database, the migrator role that owns the schema, the team_member group
 * role, and one login role per member. Members own nothing; they get rights through team_member.
 */

/** Quotes an SQL identifier (role or database name). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Statements creating the roles (cluster-wide) and the database; run outside a transaction. */
export function teamClusterSql(options: {
  readonly database: string;
  readonly migrator: string;
  readonly migratorPassword: string;
}): string[] {
  const migrator = quoteIdent(options.migrator);
  const database = quoteIdent(options.database);
  return [
    `SET password_encryption = 'scram-sha-256'`,
    `CREATE ROLE ${migrator} LOGIN PASSWORD ${quoteLiteral(options.migratorPassword)}`,
    `CREATE ROLE team_member NOLOGIN`,
    `CREATE DATABASE ${database} OWNER ${migrator} ENCODING 'UTF8'`,
    `REVOKE ALL ON DATABASE ${database} FROM PUBLIC`,
    `GRANT CONNECT ON DATABASE ${database} TO team_member`,
  ];
}

/** Statements adding one member (a login role in team_member). */
export function teamMemberSql(member: string, password: string): string[] {
  return [
    `SET password_encryption = 'scram-sha-256'`,
    `CREATE ROLE ${quoteIdent(member)} LOGIN PASSWORD ${quoteLiteral(password)} IN ROLE team_member`,
  ];
}

/** Statements removing a member's access (their calls stay, attributed to them). */
export function teamMemberRemovalSql(member: string): string[] {
  return [`ALTER ROLE ${quoteIdent(member)} NOLOGIN`, `REVOKE team_member FROM ${quoteIdent(member)}`];
}
