/**
 * A bench's targets: `verdict` prints `met` or `MISSED` and remembers each miss, so the
 * bench can list them at the end and exit 1.
 */
export function benchTargets() {
  const missed: string[] = [];
  return {
    missed,
    verdict(ok: boolean, what: string): 'met' | 'MISSED' {
      if (!ok) missed.push(what);
      return ok ? 'met' : 'MISSED';
    },
  };
}
