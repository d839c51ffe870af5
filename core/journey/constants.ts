/** Every node type a journey may contain, in the order the builder palette shows them. */
export const NODE_TYPES = ['start', 'message', 'wait', 'waitForReply', 'condition', 'split', 'end'] as const;
export type TNodeType = (typeof NODE_TYPES)[number];

/** Source handle of a waitForReply node taken when no reply arrives before its timeout. */
export const TIMEOUT_HANDLE = 'timeout';
/** Source handle of a waitForReply node taken when a reply matches no branch. */
export const NO_MATCH_HANDLE = 'noMatch';
/** Source handle of a condition node taken when no rule matches. */
export const ELSE_HANDLE = 'else';

export const CHANNELS = ['whatsapp', 'sms'] as const;
export type TChannel = (typeof CHANNELS)[number];

/** Twilio rejects message bodies longer than this. */
export const MAX_BODY_LENGTH = 1600;
/** Long patterns are hard to review and more likely to backtrack badly on customer text. */
export const MAX_REGEX_LENGTH = 200;
/**
 * Characters in an intent branch's description ("agrees to the appointment"): a sentence
 * is enough to tell the model what to look for, and each description is sent with every
 * reply the node classifies.
 */
export const MAX_INTENT_LENGTH = 200;
/**
 * What the intent classifier answers when a reply shows none of the node's intents; an
 * intent branch cannot take it as its id.
 */
export const NO_INTENT = 'none';

/** Variables every contact has, whatever its imported vars hold. */
export const BUILTIN_VARIABLES: readonly string[] = ['phone'];

// Every contact's workflow input carries the whole journey (and carries it again at each
// continue-as-new), next to the contact's variables and its history. Temporal refuses a
// payload over 2 MB and warns past 512 KB; a launch whose contacts cannot start fails its
// batch on every retry. These limits keep one contact's input (journey, variables) under
// the warning and far below the limit, with room left for the history.

/**
 * Nodes in one journey: a canvas a person can still read and review (the largest journeys
 * built so far have a few dozen nodes), with room to spare.
 */
export const MAX_JOURNEY_NODES = 250;
/**
 * UTF-8 bytes of a journey's definition as JSON (name, nodes, edges, send policy): 256 KiB,
 * half of Temporal's 512 KB warning. 250 nodes with a message of 1,600 characters each
 * would need about 450 KB; typical journeys are a few KB.
 */
export const MAX_JOURNEY_BYTES = 256 * 1024;
/**
 * Characters in one contact variable's value: a message body is at most MAX_BODY_LENGTH
 * characters, so a longer value could never be sent.
 */
export const MAX_VARIABLE_LENGTH = MAX_BODY_LENGTH;
/**
 * Variables per contact or recipient: far more than any message uses. With
 * MAX_VARIABLE_LENGTH, at most about 240 KB of UTF-8 per contact (3 bytes per character at
 * worst), which next to MAX_JOURNEY_BYTES stays under Temporal's 512 KB warning.
 */
export const MAX_VARIABLES = 50;

/**
 * Quick-reply buttons a WhatsApp message may carry (Twilio's `twilio/quick-reply` content
 * type). Twilio allows more on approved templates, but a message sent in session without
 * WhatsApp approval carries at most three, so a journey is held to three everywhere.
 */
export const MAX_QUICK_REPLIES = 3;
/** WhatsApp cuts a quick-reply button's title at 20 characters. */
export const MAX_BUTTON_TITLE_LENGTH = 20;
/** A button's id comes back as the reply's ButtonPayload; Twilio takes up to 200 characters. */
export const MAX_BUTTON_ID_LENGTH = 200;
