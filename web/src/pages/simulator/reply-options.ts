import type { components } from '../../api-client/schema';
import type { SandboxReply } from '../../types';

export type TReplyOption = components['schemas']['ReplyOption'];

/** An answer button: its label (the branch's value) and what it posts as the phone. */
export interface TReplyButton {
  key: string;
  label: string;
  reply: Omit<SandboxReply, 'from'>;
}

/** A waiting contact of the phone and the buttons its node offers. */
export interface TReplyGroup {
  key: string;
  journeyName: string;
  until: string | null;
  buttons: TReplyButton[];
  /** No branch of the node has a fixed answer (only contains, regex or any): type a reply. */
  isFreeText: boolean;
}

/**
 * The answer buttons for a phone, one group per contact waiting for a reply. Only
 * `payload` and `equals` branches become buttons (a `contains` or `regex` branch has no
 * single right answer): a payload is sent as WhatsApp's ButtonPayload with the same text as
 * the body, an `equals` value as plain text. One reply reaches every waiting contact of the
 * phone, so a reply offered by an earlier group is not repeated.
 */
export function replyGroups(options: readonly TReplyOption[]): TReplyGroup[] {
  const seen = new Set<string>();
  return options.map((option) => {
    const buttons: TReplyButton[] = [];
    let isFreeText = true;
    for (const branch of option.branches) {
      if ((branch.match !== 'payload' && branch.match !== 'equals') || !branch.value) continue;
      isFreeText = false;
      const reply = branch.match === 'payload' ? { payload: branch.value, body: branch.value } : { body: branch.value };
      const key = `${branch.match}:${branch.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      buttons.push({ key, label: branch.value, reply });
    }
    return {
      key: `${option.runId}:${option.contactId}`,
      journeyName: option.journeyName,
      until: option.until,
      buttons,
      isFreeText,
    };
  });
}
