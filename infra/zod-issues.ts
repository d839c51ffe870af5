import type { ZodError } from 'zod';
import { AppError } from './app-error.js';

/** One problem of a refused input, as every 400 `invalid_input` lists it in `details`. */
export interface TIssue {
  /** Dotted path of the field (`contacts.3.phone`); empty for the input as a whole. */
  path: string;
  message: string;
}

/** The zod issues of `error` as `{ path, message }`: the one mapping every refusal of input uses. */
export function issuesOf(error: ZodError): TIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** 400 `invalid_input` with `message` and each of `error`'s issues in `details`. */
export function invalidInput(message: string, error: ZodError): AppError {
  return new AppError('invalid_input', message, issuesOf(error));
}
