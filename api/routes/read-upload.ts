import type { Context } from 'hono';
import { AppError } from '../../infra/app-error.js';

/**
 * A multipart upload's fields and its CSV, the field `file` (launch and campaign lists).
 * @throws AppError invalid_input when there is no file.
 */
export async function readCsvUpload(c: Context): Promise<{ form: Record<string, string | File>; file: File }> {
  const form = (await c.req.parseBody()) as Record<string, string | File>;
  const file = form.file;
  if (!(file instanceof File))
    throw new AppError('invalid_input', 'Attach the CSV as the multipart field "file".', [
      { path: 'file', message: 'required' },
    ]);
  return { form, file };
}
