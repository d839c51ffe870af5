import type { Db } from '../../infra/db.js';
import { toUserView, type TUserView } from '../users/user-view.js';
import { getDummyHash, verifyPassword } from './password.js';

/**
 * The user whose email and password these are, or undefined. Always pays for one scrypt,
 * so the time taken does not tell which emails have an account.
 */
export async function signIn(db: Db, credentials: { email: string; password: string }): Promise<TUserView | undefined> {
  const found = await db.user.findUnique({ where: { email: credentials.email } });
  const matches = await verifyPassword(credentials.password, found?.passwordHash ?? (await getDummyHash()));
  return found && matches ? toUserView(found) : undefined;
}
