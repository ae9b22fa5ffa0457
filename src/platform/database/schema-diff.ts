import type { DataSource } from 'typeorm';

/** What the schema builder would still change to make the database match the entities. */
export async function pendingSchemaQueries(dataSource: DataSource): Promise<{ up: string[]; down: string[] }> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}
