import { ApiError } from '../../api-client/errors';
import type { TForecast } from './forecast-text';

/** A row the API will not launch, numbered as in the CSV (the header is row 1). */
export interface TRejectedRow {
  row?: number;
  phone?: string;
  reason: string;
}

/** What a dry run found: how many rows, how many can be launched, and why the others cannot. */
export interface TCheckResult {
  total: number;
  accepted: number;
  rejected: TRejectedRow[];
  /** What the launch will send; absent when nobody can be launched. */
  forecast?: TForecast;
}

function isRejectedRow(value: unknown): value is TRejectedRow {
  return typeof value === 'object' && value !== null && typeof (value as { reason?: unknown }).reason === 'string';
}

/**
 * The API refuses a launch in which no row can be launched (400, `details.rejected`). For
 * the check that is an answer, not a failure: every row is shown with its reason.
 */
export function checkResultFromError(error: unknown): TCheckResult | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const details = error.details as { rejected?: unknown } | undefined;
  if (typeof details !== 'object' || details === null || !Array.isArray(details.rejected)) return undefined;
  const rejected = details.rejected.filter(isRejectedRow);
  return { total: rejected.length, accepted: 0, rejected };
}

/**
 * Problems a refused file came with, one line each: a malformed CSV or bad header
 * (`details.problems` with line/column), or the journey's own problems (`details` a list).
 */
export function errorProblems(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const details = error.details as { problems?: unknown } | unknown[] | undefined;
  const list = Array.isArray(details)
    ? details
    : typeof details === 'object' && details !== null && Array.isArray(details.problems)
      ? details.problems
      : [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { line, column, message, reason } = item as {
      line?: unknown;
      column?: unknown;
      message?: unknown;
      reason?: unknown;
    };
    const text = typeof reason === 'string' ? reason : typeof message === 'string' ? message : undefined;
    if (text === undefined) return [];
    const where = [
      typeof line === 'number' ? `line ${line}` : undefined,
      typeof column === 'number' ? `column ${column}` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return [where ? `${where}: ${text}` : text];
  });
}
