import { defineConfig } from 'tsup';

// NOTE(entries): one entry per adapter whose client is an optional peer, and
// code splitting, so that `@novats/drivers` alone never loads amqplib,
// zeromq or a database client (they are loaded by the entry that needs them).
export default defineConfig({
  entry: ['src/index.ts', 'src/amqp.ts', 'src/zeromq.ts', 'src/sqlite.ts', 'src/mysql.ts', 'src/postgres.ts', 'src/fake.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
});
