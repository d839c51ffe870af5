import { z } from 'zod';
import { MAX_VARIABLE_LENGTH, MAX_VARIABLES } from '../../core/journey/constants.js';
import { normalizePhone } from '../../core/phone.js';
import { isVariableName } from '../../core/render.js';
import {
  reservedVariableReason,
  variableCountProblem,
  variableLengthProblem,
} from '../../features/audience/audience-limits.js';
import { ZTestTiming } from './runs.js';
import { ZUuid } from './common.js';

const ZCountry = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .describe('ISO country for a phone written without its +country code, as for a launch.');

/**
 * POST /api/journeys/{id}/test: the tester's phone, normalised to E.164 as an audience's
 * phones are (libphonenumber-js, core/phone.ts), and the variables read as a launch reads
 * a contact's (core/render names; strings, numbers or booleans kept as strings; blank is
 * absent; the same limits). Problems come back as `{ path, message }` like any 400.
 */
export const ZTestSend = z
  .object({
    phone: z
      .string()
      .max(100)
      .describe('Your phone: E.164 (`+14155552671`), `whatsapp:+…`, or national with `defaultCountry`.')
      .meta({ example: '+14155552671' }),
    vars: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .default({})
      .describe(
        `The variables the journey's messages use, as one contact of a launch would have them (at most ${MAX_VARIABLES}, each up to ${MAX_VARIABLE_LENGTH} characters).`,
      ),
    defaultCountry: ZCountry.optional(),
  })
  .strict()
  .transform((body, ctx) => {
    const phone = normalizePhone(body.phone, body.defaultCountry);
    if (!phone.ok) ctx.addIssue({ code: 'custom', path: ['phone'], message: phone.reason });
    const vars = readVars(body.vars, ctx);
    return phone.ok ? { phone: phone.e164, vars } : z.NEVER;
  });

export type TTestSendBody = z.output<typeof ZTestSend>;

/** A contact's variables as a launch stores them (features/audience/parse-json-audience.ts). */
function readVars(input: Record<string, string | number | boolean>, ctx: z.RefinementCtx): Record<string, string> {
  const vars: Record<string, string> = {};
  const entries = Object.entries(input);
  const tooMany = variableCountProblem(entries.length);
  if (tooMany) ctx.addIssue({ code: 'custom', path: ['vars'], message: tooMany });
  for (const [name, value] of entries) {
    const problem = isVariableName(name) ? reservedVariableReason(name) : `"${name}" is not a valid variable name`;
    const text = typeof value === 'string' ? value.trim() : String(value);
    const tooLong = variableLengthProblem(name, text);
    if (problem ?? tooLong) ctx.addIssue({ code: 'custom', path: ['vars', name], message: (problem ?? tooLong)! });
    else if (text !== '') vars[name] = text;
  }
  return vars;
}

export const ZTestSendAccepted = z
  .object({
    runId: ZUuid.describe('The test run: follow it at GET /api/runs/{runId}.'),
    version: z.int().describe('The journey version the test runs.'),
    phone: z.string().describe('The phone as E.164: open it in the phone simulator (sandbox mode) to see and answer.'),
    testTiming: ZTestTiming,
    summary: z.string().describe('What the test does differently from a launch, in words.'),
  })
  .meta({ id: 'TestSendAccepted' });
