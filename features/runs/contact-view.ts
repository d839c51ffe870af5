import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';
import type { TTemporalUi } from '../../infra/temporal-ui.js';
import type { THistoryEntry } from '../../workflows/contract/index.js';
import { withContactLinks } from './contact-links.js';

/** A contact row as the API shows it: its JSON columns typed as written, and its workflow's links. */
export function toContactView(row: Prisma.ContactModel, ui: TTemporalUi) {
  // startedAt and visited stand in for trimmed history in run counts and exports only.
  const { startedAt: _startedAt, visited: _visited, ...shown } = row;
  return withContactLinks(
    {
      ...shown,
      // Written by the launch (normalised variables) and by the contact's workflow.
      vars: storedAs<Record<string, string>>(shown.vars),
      history: storedAs<THistoryEntry[]>(shown.history),
      lastInbound: storedAs<Record<string, unknown> | null>(shown.lastInbound),
      wait: storedAs<Record<string, unknown> | null>(shown.wait),
    },
    ui,
  );
}
