import type { Db } from '../../infra/db.js';
import { conflictOnDuplicate } from '../../infra/unique-violation.js';
import { toUserView, type TUserView } from '../users/user-view.js';
import { hashPassword } from './password.js';

export interface TRegistration {
  /** Trimmed and lowercased already: that is how emails are stored and compared. */
  email: string;
  password: string;
  name: string;
  workspaceName?: string | undefined;
}

/**
 * Creates a workspace and its first admin in one transaction.
 * @throws AppError conflict when the email already has an account.
 */
export async function registerWorkspace(db: Db, input: TRegistration): Promise<TUserView> {
  const passwordHash = await hashPassword(input.password);
  const user = await conflictOnDuplicate('An account with this email already exists.', () =>
    db.$transaction(async (tx) => {
      const workspace = await tx.workspace.create({
        data: { name: input.workspaceName ?? `${input.name}'s workspace` },
      });
      return tx.user.create({
        data: { workspaceId: workspace.id, email: input.email, passwordHash, name: input.name, role: 'admin' },
      });
    }),
  );
  return toUserView(user);
}
