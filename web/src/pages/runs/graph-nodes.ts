/** A node of the run's journey as the contacts table and timeline name it. */
export interface TNodeOption {
  id: string;
  label: string;
}

const TYPE_NAMES: Record<string, string> = {
  start: 'Start',
  message: 'Message',
  wait: 'Wait',
  waitForReply: 'Wait for reply',
  condition: 'Condition',
  split: 'Split',
  end: 'End',
};

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The nodes of a stored graph as `{ id, label }`, in graph order: the builder's label when
 * it has one, else its type and id ("Message (message-2)"). The graph is stored as sent by
 * the builder, so anything malformed is skipped rather than trusted.
 */
export function nodeOptions(nodes: readonly unknown[]): TNodeOption[] {
  const options: TNodeOption[] = [];
  for (const node of nodes) {
    const id = field(node, 'id');
    if (typeof id !== 'string') continue;
    const label = field(field(node, 'data'), 'label');
    const type = field(node, 'type');
    const typeName = typeof type === 'string' ? (TYPE_NAMES[type] ?? type) : 'Node';
    options.push({
      id,
      label: typeof label === 'string' && label.trim() !== '' ? label.trim() : `${typeName} (${id})`,
    });
  }
  return options;
}

/** A lookup from node id to its label; unknown ids (a node since deleted) stay as they are. */
export function nodeNamer(options: readonly TNodeOption[]): (id: string) => string {
  const byId = new Map(options.map((option) => [option.id, option.label]));
  return (id) => byId.get(id) ?? id;
}

/**
 * The API's phone filter is a prefix of the E.164 number; people type "44 7911" or
 * "(415) 555". Keep the digits and put the "+" back so either way finds the contact.
 */
export function phoneSearchPrefix(input: string): string {
  const digits = input.replace(/\D/g, '');
  return digits === '' ? '' : `+${digits}`.slice(0, 16);
}
