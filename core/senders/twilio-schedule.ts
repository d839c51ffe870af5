/**
 * Twilio schedules a message (`SendAt` with `ScheduleType: 'fixed'`, only through a
 * Messaging Service) from 15 minutes to 35 days ahead.
 */
export const TWILIO_SCHEDULE_MIN_MS = 15 * 60_000;
export const TWILIO_SCHEDULE_MAX_MS = 35 * 24 * 3_600_000;

/** Whether a send due at `atMs` can be handed to Twilio's scheduler at `nowMs`. */
export function canScheduleAtTwilio(nowMs: number, atMs: number): boolean {
  const wait = atMs - nowMs;
  return wait >= TWILIO_SCHEDULE_MIN_MS && wait <= TWILIO_SCHEDULE_MAX_MS;
}
