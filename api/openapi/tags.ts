/** The reference's sections, in order, and what each holds. */
export const TAGS = {
  Auth: 'Sign-up, sign-in, sign-out and the signed-in user.',
  Config: 'What the web app needs to know about this deployment.',
  Journeys: 'Journey graphs of the workspace, and launching them against an audience.',
  Runs: 'Launches of a journey: progress, contacts and their paths, analytics.',
  Events: 'What an integration reports happened for a phone: the events journey goals count.',
  Campaigns: 'One message to a whole list.',
  Messages: 'The outbound message log with delivery status.',
  Exports: 'CSV downloads.',
  Templates: 'WhatsApp templates and checks against WhatsApp policy.',
  Workspace: 'Send policy, sender numbers and API keys of the workspace.',
  Users: 'The people of the workspace and their roles.',
  Webhooks: 'Called by Twilio, signed with X-Twilio-Signature.',
  Docs: 'This document and its reference page.',
} as const;

export type TTag = keyof typeof TAGS;
