/**
 * The zod schemas of the send policy's settings. Apart from the maths (send-window.ts,
 * time-zone.ts), which workflow code imports: zod would put about 500 KiB into the
 * workflow bundle, which is evaluated again for every new contact workflow.
 */
import { z } from 'zod';
import { WEEKDAYS, type TSendWindow } from './send-window.js';
import { isTimeZone } from './time-zone.js';

export const ZTimeZone = z.string().refine(isTimeZone, {
  error: (iss) =>
    `"${String(iss.input)}" is not a known IANA time zone (e.g. "Europe/Berlin", "America/New_York", "UTC")`,
});

/**
 * A 24-hour "HH:mm" clock time. Two-digit hours are required ("09:00", not "9:00") so a
 * stored window reads one way only and sorts as text; "24:00" is refused, a window that
 * runs to midnight ends at "00:00".
 */
export const ZClockTime = z.string().superRefine((value, ctx) => {
  const match = /^(\d\d):(\d\d)$/.exec(value);
  if (!match) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a time: use 24-hour HH:mm with two digits, e.g. "09:00"`,
    });
  } else if (Number(match[1]) > 23 || Number(match[2]) > 59) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is out of range: times run from 00:00 to 23:59` });
  }
});

/** A send window (TSendWindow): two clock times, at least one weekday if any, not empty. */
export const ZSendWindow = z
  .object({
    start: ZClockTime,
    end: ZClockTime,
    days: z
      .array(z.enum(WEEKDAYS))
      .min(1, 'days must name at least one weekday, or be left out for every day')
      .optional(),
  })
  .superRefine((window, ctx) => {
    if (window.start === window.end) {
      ctx.addIssue({
        code: 'custom',
        path: ['end'],
        message: `empty window: start and end are both "${window.start}"; leave the window out to send at any time`,
      });
    }
  }) satisfies z.ZodType<TSendWindow>;
