import type { Pool } from 'pg';
import { migratePostgres } from '../shared-state/postgres/migrate';
import { GeneratedSecret, newSecret } from './generated-secret';

/** The generated secret in PostgreSQL (`klaster_secrets`), made once for every instance. */
export class PostgresGeneratedSecret extends GeneratedSecret {
  private constructor(private readonly pool: Pool) {
    super();
  }

  static async open(pool: Pool): Promise<PostgresGeneratedSecret> {
    await migratePostgres(pool, 'klaster_secrets', [
      { version: 1, name: 'klaster_secrets: secrets the server makes for itself', sql: 'CREATE TABLE klaster_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())' },
    ]);
    return new PostgresGeneratedSecret(pool);
  }

  async read(): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>("SELECT value FROM klaster_secrets WHERE name = 'jwt-secret'");
    return rows[0]?.value;
  }

  async readOrCreate(): Promise<string> {
    await this.pool.query("INSERT INTO klaster_secrets (name, value) VALUES ('jwt-secret', $1) ON CONFLICT (name) DO NOTHING", [newSecret()]);
    return (await this.read())!;
  }

  async close(): Promise<void> {}
}
