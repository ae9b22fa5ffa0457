/**
 * `npm run migration:{run,revert,show,generate}` against DATABASE_URL, or against the
 * embedded database in DATA_DIR when it is unset.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './platform/config/config.js';
import { describeFailure } from './platform/config/startup-errors.js';
import { createDataSource } from './data-source.js';
import { openDatabaseServer } from './platform/database/database-server.js';
import { runMigrations } from './platform/database/migrate.js';
import { pendingSchemaQueries } from './platform/database/schema-diff.js';

async function main(command: string | undefined, name: string | undefined): Promise<number> {
  if (!['run', 'revert', 'show', 'generate'].includes(command ?? '')) {
    console.error('usage: cli.js run | revert | show | generate <Name>');
    return 2;
  }
  if (command === 'generate' && !/^[A-Z][A-Za-z0-9]*$/.test(name ?? '')) {
    console.error('usage: npm run migration:generate -- <PascalCaseName>');
    return 2;
  }
  if (existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  const server = await openDatabaseServer(config);
  const dataSource = createDataSource(server.url);
  try {
    await dataSource.initialize();
    switch (command) {
      case 'run': {
        const applied = await runMigrations(dataSource);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        break;
      }
      case 'revert':
        await dataSource.undoLastMigration({ transaction: 'each' });
        console.log('Reverted the last migration.');
        break;
      case 'show': {
        const rows = (await dataSource.query(`SELECT name FROM migrations`).catch(() => [])) as { name: string }[];
        const applied = new Set(rows.map((r) => r.name));
        for (const m of dataSource.migrations) console.log(`${applied.has(m.name!) ? '[X]' : '[ ]'} ${m.name}`);
        const pending = dataSource.migrations.filter((m) => !applied.has(m.name!)).length;
        console.log(
          `${dataSource.migrations.length - pending} applied, ${pending} pending (${server.embedded ? 'embedded database' : 'DATABASE_URL'})`,
        );
        break;
      }
      case 'generate':
        return await generate(dataSource, name!);
    }
    return 0;
  } finally {
    await dataSource.destroy().catch(() => undefined);
    await server.stop();
  }
}

async function generate(dataSource: Awaited<ReturnType<typeof createDataSource>>, name: string): Promise<number> {
  const { up, down } = await pendingSchemaQueries(dataSource);
  if (up.length === 0) {
    console.log('The entities match the migrated schema: nothing to generate.');
    return 0;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const file = `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}`;
  const q = (sql: string) =>
    `    await queryRunner.query(\`${sql.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\`);`;
  writeFileSync(
    join('migrations', `${file}.ts`),
    `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map(q).join('\n')}
  }
}
`,
  );
  const indexPath = join('migrations', 'index.ts');
  const index = readFileSync(indexPath, 'utf8')
    .replace(/^/, `import { ${className} } from './${file}.js';\n`)
    .replace(/,?\s*\];\s*$/, `, ${className}];\n`)
    .replace('[, ', '[');
  writeFileSync(indexPath, index);
  console.log(
    `Wrote migrations/${file}.ts (${up.length} statements) and added it to migrations/index.ts; review it, then run npm run format.`,
  );
  return 0;
}

main(process.argv[2], process.argv[3]).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(describeFailure(error, process.env.DATABASE_URL || null) ?? error);
    process.exit(1);
  },
);
