import type { z } from 'zod';
import { ZProblemCode, type TProblem, type TProblemCode } from './problems.js';

type TPath = Array<string | number>;
type TIssue = z.core.$ZodIssue;

/** Where a schema problem belongs: the node or edge the failing value came from. */
export interface TProblemOwner {
  nodeId?: string | undefined;
  edgeId?: string | undefined;
}

function toPath(path: readonly PropertyKey[]): TPath {
  return path.map((key) => (typeof key === 'number' ? key : String(key)));
}

function codeOf(issue: TIssue): TProblemCode {
  const params: unknown = issue.code === 'custom' ? issue.params : undefined;
  if (typeof params !== 'object' || params === null || !('problem' in params)) return 'schema';
  const parsed = ZProblemCode.safeParse(params.problem);
  return parsed.success ? parsed.data : 'schema';
}

// A failed union lists every alternative's issues. The alternative with the fewest
// issues is the one the author most likely meant (e.g. a body message that is too long,
// not a template missing its contentSid), so only its issues are shown.
function flatten(issue: TIssue, base: TPath): Array<{ issue: TIssue; path: TPath }> {
  const path = [...base, ...toPath(issue.path)];
  // A bad record key or map element wraps the real reason one level down.
  if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
    return issue.issues.flatMap((inner) => flatten(inner, path));
  }
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [{ issue, path }];
  const best = issue.errors.reduce((a, b) => (b.length < a.length ? b : a));
  return best.flatMap((inner) => flatten(inner, path));
}

function describe(path: TPath, message: string): string {
  const where = path.filter((key) => key !== 'data').join('.');
  return where === '' ? message : `${where}: ${message}`;
}

/**
 * Turns zod issues into problems. `prefix` is where the parsed value sits in the journey
 * (e.g. ["nodes", 3]); the problem message leads with the field path inside that value.
 */
export function problemsFromIssues(issues: readonly TIssue[], prefix: TPath, owner: TProblemOwner): TProblem[] {
  return issues.flatMap((issue) =>
    flatten(issue, []).map(({ issue: leaf, path }) => ({
      code: codeOf(leaf),
      message: describe(path, leaf.message),
      ...(owner.nodeId !== undefined && { nodeId: owner.nodeId }),
      ...(owner.edgeId !== undefined && { edgeId: owner.edgeId }),
      path: [...prefix, ...path],
    })),
  );
}
