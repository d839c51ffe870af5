import { AppError } from './app-error.js';
import { Prisma } from './db.js';

/** True when Postgres refused a write for a unique index (Prisma's P2002). */
function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * Runs `write`; a unique index refusing it becomes 409 `conflict` with `message`. The index
 * decides rather than a lookup before the write, so two concurrent writers cannot both win.
 */
export async function conflictOnDuplicate<T>(message: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('conflict', message);
    throw error;
  }
}
