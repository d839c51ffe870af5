import type { TJourney } from '../../../../core/index.js';

/**
 * What "New journey" creates: start -> one WhatsApp message -> end. It is valid as it
 * stands (the test checks it with core's validateJourney) so a new user can launch it
 * straight away, and it uses no variables, so any CSV with a phone column fits it.
 * Ids follow the builder's readable `type-N` scheme because they show up in run logs.
 */
export function starterJourney(name: string): TJourney {
  return {
    name,
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 }, data: {} },
      {
        id: 'message-1',
        type: 'message',
        position: { x: 0, y: 150 },
        data: {
          channel: 'sms',
          body: 'Hello! Thanks for joining us. Reply any time if you have a question.',
          label: 'Welcome',
        },
      },
      { id: 'end-1', type: 'end', position: { x: 0, y: 300 }, data: {} },
    ],
    edges: [
      { id: 'e-start-out-message-1', source: 'start', sourceHandle: null, target: 'message-1' },
      { id: 'e-message-1-out-end-1', source: 'message-1', sourceHandle: null, target: 'end-1' },
    ],
  };
}

/** A default name that does not clash with the existing ones: "Untitled journey", then "Untitled journey 2", ... */
export function untitledName(existing: readonly string[]): string {
  const taken = new Set(existing.map((name) => name.trim().toLowerCase()));
  const base = 'Untitled journey';
  if (!taken.has(base.toLowerCase())) return base;
  let n = 2;
  while (taken.has(`${base} ${n}`.toLowerCase())) n++;
  return `${base} ${n}`;
}
