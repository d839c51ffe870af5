/** The user as the API shows it: never the password hash. */
export interface TUserView {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'member';
  workspaceId: string;
}

/** Picks the public fields of a user row. */
export function toUserView(user: TUserView): TUserView {
  return { id: user.id, email: user.email, name: user.name, role: user.role, workspaceId: user.workspaceId };
}
