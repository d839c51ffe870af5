/** Shapes of the API answers the web app reads (see infra/readiness.ts and sandbox/simulator-routes.ts). */

/** Whether a dependency answered and how fast; why it failed is in the API's log, not here. */
export interface DependencyStatus {
  ok: boolean;
  latencyMs: number;
}

/** `GET /readyz`: 200 when ready, 503 (same body plus `error`) when not. */
export interface Readiness {
  status: 'ready' | 'not_ready';
  dependencies: Record<string, DependencyStatus>;
  error?: { code: string; message: string; details?: unknown };
}

export type Channel = 'whatsapp' | 'sms';

/** A sandbox message as the phone simulator sees it. `direction` is `inbound` or Twilio's `outbound-api`. */
export interface SandboxMessage {
  sid: string;
  direction: string;
  to: string;
  from: string;
  channel: Channel;
  body: string | null;
  contentSid: string | null;
  contentVariables: unknown;
  /** Quick-reply buttons of its WhatsApp content; tapping one replies with its id as ButtonPayload. */
  buttons?: SandboxButton[] | null;
  status: string;
  errorCode: number | null;
  dateCreated: string;
}

/** A quick-reply button as the phone shows it: `title` on the button, `id` sent back as the payload. */
export interface SandboxButton {
  id: string;
  title: string;
}

export interface SandboxPhone {
  /** Bare E.164, e.g. `+15551234567`. */
  phone: string;
  messageCount: number;
  lastMessage: SandboxMessage;
}

/** `GET /sandbox/phones`, newest conversation first. */
export interface SandboxPhones {
  phones: SandboxPhone[];
}

/** `GET /sandbox/messages?to=<phone>`, oldest first. */
export interface SandboxMessages {
  messages: SandboxMessage[];
}

/** `POST /sandbox/reply`: reply as `from`. A quick-reply button sends its `payload` (and its text as `body`). */
export interface SandboxReply {
  from: string;
  body?: string;
  payload?: string;
}

/** `POST /sandbox/reply` answers 202 with the inbound message's sid and what our webhook answered. */
export interface SandboxReplyResult {
  sid: string;
  webhookStatus: number;
}
