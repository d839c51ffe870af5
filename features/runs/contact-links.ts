import { contactWorkflowId } from '../../workflows/contract/index.js';
import { workflowUrl, type TTemporalUi } from '../../infra/temporal-ui.js';

/** What the API adds to a contact row: its workflow's id and that workflow's page in Temporal UI. */
export interface TContactLinks {
  workflowId: string;
  temporalUiUrl: string;
}

/** A contact row with its links; the id is the one the launcher started the workflow under. */
export function withContactLinks<T extends { id: string; runId: string }>(
  contact: T,
  ui: TTemporalUi,
): T & TContactLinks {
  const workflowId = contactWorkflowId(contact.runId, contact.id);
  return { ...contact, workflowId, temporalUiUrl: workflowUrl(ui, workflowId) };
}
