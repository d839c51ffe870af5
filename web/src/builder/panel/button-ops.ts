import {
  MAX_QUICK_REPLIES,
  buttonSourcesBefore,
  unbranchedButtons,
  withButtonBranches,
  type TQuickReplyButton,
  type TReplyBranch,
} from '../../../../core/index.js';

/** A button being edited: either field may still be empty. */
export type TDraftButton = { id: string; title: string };

type TGraph = Parameters<typeof buttonSourcesBefore>[0];

/** What a wait-for-reply's panel offers for the buttons of the message before it. */
export interface TButtonOffer {
  /** Buttons no branch matches yet. */
  missing: TQuickReplyButton[];
  /** The node's branches with one payload branch per missing button. */
  branches: TReplyBranch[];
}

/**
 * The "add branches for the buttons" offer of wait-for-reply `nodeId`: undefined when no
 * message with quick-reply buttons comes right before it, or every button has its branch.
 */
export function buttonBranchOffer(
  graph: TGraph,
  nodeId: string,
  branches: readonly TReplyBranch[],
): TButtonOffer | undefined {
  const buttons = buttonSourcesBefore(graph, nodeId).flatMap((source) => source.buttons);
  const missing = unbranchedButtons(branches, buttons);
  if (missing.length === 0) return undefined;
  return { missing, branches: withButtonBranches(branches, missing) };
}

/** The node's buttons as a list to edit (none when it has no `buttons`). */
export function draftButtons(value: unknown): TDraftButton[] {
  if (!Array.isArray(value)) return [];
  return value.map((item: unknown) => {
    const record = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    return {
      id: typeof record.id === 'string' ? record.id : '',
      title: typeof record.title === 'string' ? record.title : '',
    };
  });
}

/**
 * The `buttons` patch for an edited list: removing the last button removes the field (a
 * template without quick replies), so no empty list is left for core to refuse.
 */
export function buttonsPatch(buttons: readonly TDraftButton[]): { buttons: TDraftButton[] | undefined } {
  return { buttons: buttons.length === 0 ? undefined : [...buttons] };
}

/** Whether another button fits: WhatsApp shows at most three quick replies in session. */
export function canAddButton(buttons: readonly TDraftButton[]): boolean {
  return buttons.length < MAX_QUICK_REPLIES;
}

/** What the builder reads of a content template (GET /api/content/{sid}). */
export interface TContentRead {
  variables: Record<string, string>;
  buttons: TQuickReplyButton[];
}

/**
 * The patch that copies a content template into the message: its buttons (none: the field
 * goes), and a `{{n}}` row for each of its variables the message does not fill yet, left
 * empty for the author. Values already written stay.
 */
export function contentPatch(
  current: Readonly<Record<string, string>>,
  content: TContentRead,
): Record<string, unknown> {
  const contentVariables = { ...current };
  for (const key of Object.keys(content.variables)) if (!(key in contentVariables)) contentVariables[key] = '';
  return { contentVariables, ...buttonsPatch(content.buttons) };
}
