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

/** Variables every contact has, whatever its imported vars hold. */
export const BUILTIN_VARIABLES: readonly string[] = ['phone'];
