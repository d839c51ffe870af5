import { isDeepStrictEqual } from 'node:util';
import type { TSendPolicyLayer } from '../../core/index.js';
import { AppError } from '../../infra/app-error.js';

/**
 * A journey's send policy overrides the workspace's field by field, so it can widen the
 * send window or lift the frequency cap that only admins may set (`PUT /workspace/send-policy`).
 * Setting or changing it is therefore an admin's act too. Refusing outright, rather than
 * allowing a member to only tighten the workspace's policy, keeps one rule that does not
 * depend on the workspace policy of the moment: a tightening today could be a loosening
 * after the admin tightens the workspace tomorrow.
 * @throws AppError forbidden when a member's save would set or change the policy.
 */
export function requirePolicyAdmin(
  role: 'admin' | 'member',
  next: TSendPolicyLayer | undefined,
  current: unknown = {},
): void {
  if (role === 'admin' || next === undefined) return;
  // Through JSON, as the database stores it: an absent field and an undefined one are alike.
  const normalise = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? {}));
  if (isDeepStrictEqual(normalise(next), normalise(current))) return;
  throw new AppError(
    'forbidden',
    "Only an admin may set or change a journey's sendPolicy: it overrides the workspace's send policy (send window, frequency cap). Leave sendPolicy out, or send it unchanged.",
    { path: 'sendPolicy' },
  );
}
