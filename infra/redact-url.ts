/** A connection URL fit for logs and error messages: the password replaced by ***. */
export function redactUrl(value: string): string {
  const url = new URL(value);
  if (url.password) url.password = '***';
  return url.toString();
}
