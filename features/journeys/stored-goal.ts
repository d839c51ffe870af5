import type { Prisma } from '../../infra/db.js';

/** A goal as it is written: the parsed JSON body's object, or undefined for none (null). */
export function storedGoal(goal: object | null | undefined): Prisma.InputJsonValue | undefined {
  // The body was parsed JSON, so it is JSON; its loose object type just cannot say so.
  return goal === null || goal === undefined ? undefined : (goal as Prisma.InputJsonValue);
}
