import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../prisma/generated/client.js';

export type Db = PrismaClient;
export { Prisma } from '../prisma/generated/client.js';
export * from '../prisma/generated/enums.js';

/**
 * Prisma Client over the `pg` driver adapter: no native query engine is needed, so the
 * client works on machines that cannot download Prisma's engines.
 */
export function createDb(databaseUrl: string, options: { max?: number } = {}): Db {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 5_000,
  });
  return new PrismaClient({ adapter });
}
