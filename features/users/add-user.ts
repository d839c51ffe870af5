import type { Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { hashPassword } from '../auth/password.js';
import { toUserView, type TUserView } from './user-view.js';

export interface TNewUser {
  email: string;
  name: string;
  /** A first password to hand over; they sign in with it. */
  password: string;
  role: 'admin' | 'member';
}

/**
 * Adds a teammate to a workspace.
 * @throws AppError conflict when the email already has an account (in any workspace).
 */
export async function addUser(db: Db, workspaceId: string, input: TNewUser): Promise<TUserView> {
  const passwordHash = await hashPassword(input.password);
  const user = await conflictOnDuplicate('That email already has an account.', () =>
    db.user.create({ data: { workspaceId, email: input.email, name: input.name, role: input.role, passwordHash } }),
  );
  return toUserView(user);
}
