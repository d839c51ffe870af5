import type { components } from '../../api-client/schema';
import type { SandboxButton, SandboxMessage, SandboxReply } from '../../types';

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
 * phone, so a reply offered by an earlier group is not repeated. A payload that is the id of a
 * quick-reply button the phone received shows and sends that button's title, as a tap does.
 */
export function replyGroups(options: readonly TReplyOption[], received: readonly SandboxButton[] = []): TReplyGroup[] {
  const titles = new Map(received.map((button) => [button.id.trim().toLowerCase(), button.title]));
  const seen = new Set<string>();
  return options.map((option) => {
    const buttons: TReplyButton[] = [];
    let isFreeText = true;
    for (const branch of option.branches) {
      if ((branch.match !== 'payload' && branch.match !== 'equals') || !branch.value) continue;
      isFreeText = false;
      const title = branch.match === 'payload' ? titles.get(branch.value.trim().toLowerCase()) : undefined;
      const label = title ?? branch.value;
      const reply = branch.match === 'payload' ? { payload: branch.value, body: label } : { body: branch.value };
      const key = `${branch.match}:${branch.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      buttons.push({ key, label, reply });
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

/** The quick-reply buttons of the messages a phone received, oldest first (a later title wins). */
export function receivedButtons(messages: readonly SandboxMessage[]): SandboxButton[] {
  return messages.flatMap((message) => (message.direction === 'inbound' ? [] : (message.buttons ?? [])));
}
