import type { TSplitBranch } from './journey/node-schemas.js';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * FNV-1a 32-bit over UTF-16 code units, finished with murmur3's fmix32 avalanche.
 * Hand-written because split choice runs inside Temporal workflow code, which must be
 * deterministic and has no crypto module; FNV alone spreads similar seeds ("c1:n", "c2:n")
 * poorly in its high bits, which the final mix fixes.
 */
export function hash32(input: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Picks a split branch for a seed such as `${contactId}:${nodeId}`: the same seed always
 * gets the same branch, and over many seeds each branch gets about its percent.
 * Percents are read as weights, so a total other than 100 still splits proportionally.
 * @throws Error when no branch has a positive percent (validateJourney prevents this).
 */
export function chooseSplitBranch(branches: readonly TSplitBranch[], seed: string): string {
  const total = branches.reduce((sum, b) => sum + Math.max(0, b.percent), 0);
  if (total <= 0) throw new Error('split has no branch with a positive percent');
  // Scale rather than modulo so every bucket gets an equal share of the 2^32 hashes.
  const point = (hash32(seed) / 2 ** 32) * total;
  let cumulative = 0;
  let chosen: string | undefined;
  for (const branch of branches) {
    if (branch.percent <= 0) continue;
    chosen = branch.id;
    cumulative += branch.percent;
    if (point < cumulative) return branch.id;
  }
  // Only floating-point rounding at the very top can get here; the last live branch owns it.
  return chosen as string;
}
