import type { Prisma } from '../../infra/db.js';
import { storedAs } from '../../infra/stored-json.js';
import type { TTestSend } from '../../workflows/contract/index.js';

/** A run row as the API shows it: its test timing typed as the test send wrote it. */
export function toRunView(row: Prisma.RunModel) {
  return { ...row, testTiming: storedAs<TTestSend | null>(row.testTiming) };
}
