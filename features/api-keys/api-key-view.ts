/** An API key as lists show it: never the key or its hash. */
export interface TApiKeyView {
  id: string;
  name: string;
  role: 'admin' | 'member';
  /** The key's first characters (`ick_` and 8 more). */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  createdBy: { id: string; email: string };
}

interface TApiKeyRow {
  id: string;
  name: string;
  role: 'admin' | 'member';
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  user: { id: string; email: string };
}

/** What list and create select, so both answer the same fields. */
export const API_KEY_VIEW_SELECT = {
  id: true,
  name: true,
  role: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  user: { select: { id: true, email: true } },
} as const;

export function toApiKeyView(row: TApiKeyRow): TApiKeyView {
  const { user, ...key } = row;
  return { ...key, createdBy: { id: user.id, email: user.email } };
}
