/**
 * The Temporal dev server's own counts, from its Prometheus endpoint: what the server did
 * for a run, by kind of persistence request and by how task queue polls were matched. Read
 * before and after a measurement; the difference per contact says where its CPU goes.
 */

export type TCounters = Map<string, number>;

/** Sums each counter over all label sets except `keep`, e.g. persistence_requests by operation. */
export async function readCounters(url: string, names: Record<string, string | undefined>): Promise<TCounters> {
  const text = await (await fetch(url)).text();
  const counters: TCounters = new Map();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+([\d.eE+-]+)$/.exec(line);
    if (!match) continue;
    const [, name, labels = '', value] = match;
    if (!(name! in names)) continue;
    const keep = names[name!];
    const label = keep ? (new RegExp(`${keep}="([^"]*)"`).exec(labels)?.[1] ?? '') : '';
    const key = label ? `${name}{${label}}` : name!;
    counters.set(key, (counters.get(key) ?? 0) + Number(value));
  }
  return counters;
}

/** The counters that grew between two reads, per `per` (contacts), largest first. */
export function countersPer(before: TCounters, after: TCounters, per: number, top = 15): string[] {
  return [...after]
    .map(([key, value]) => [key, (value - (before.get(key) ?? 0)) / per] as const)
    .filter(([, delta]) => delta > 0.005)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, delta]) => `${delta.toFixed(2).padStart(8)}  ${key}`);
}
