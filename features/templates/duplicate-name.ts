/** The 409 message of a (workspace, name, language) that is taken: the unique index says so. */
export function duplicateNameMessage(name: string, language: string): string {
  return `A template named "${name}" in language "${language}" already exists in this workspace.`;
}
