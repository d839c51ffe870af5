import { defineConfig } from 'prisma/config';

// Prisma 7 reads the datasource URL here. Only the Prisma CLI uses this file; the app
// connects through @prisma/adapter-pg with the URL from its own config (infra/config.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/initucastt' },
});
