/**
 * The API calls a benchmark makes, as a user would make them: register a workspace, save a
 * journey, launch it to a CSV audience. Plus a bounded poll.
 */
export interface ApiAnswer<T> {
  status: number;
  body: T;
}

export async function api<T>(
  base: string,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<ApiAnswer<T>> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  const res = await fetch(`${base}${path}`, { ...init, headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: res.status, body: body as T };
}

function expect<T>(answer: ApiAnswer<T>, status: number, what: string): T {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer.body;
}

export interface Session {
  token: string;
  workspaceId: string;
}

export async function registerWorkspace(base: string, label: string): Promise<Session> {
  const registered = expect(
    await api<{ token: string; user: { workspaceId: string } }>(base, '/api/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `${label}-${process.pid}-${Date.now()}@example.com`,
        password: 'bench-password-1',
        name: label,
      }),
    }),
    201,
    'register',
  );
  return { token: registered.token, workspaceId: registered.user.workspaceId };
}

type Node = { id: string; type: string; data: Record<string, unknown> };

/** A straight line of nodes (start ... end), laid out top to bottom. */
export function linearJourney(name: string, nodes: Node[]) {
  return {
    name,
    nodes: nodes.map((node, i) => ({ ...node, position: { x: 0, y: i * 100 } })),
    edges: nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: nodes[i]!.id, target: node.id })),
  };
}

export async function createJourney(base: string, session: Session, journey: object): Promise<string> {
  const created = await api<{ journey: { id: string } }>(base, '/api/journeys', {
    method: 'POST',
    token: session.token,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(journey),
  });
  return expect(created, 201, 'create journey').journey.id;
}

/** `count` valid US numbers from `+1<areaCode><first>` upwards, one per contact. */
export function phones(areaCode: string, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `+1${areaCode}${String(first + i).padStart(7, '0')}`);
}

export async function launchCsv(
  base: string,
  session: Session,
  journeyId: string,
  rows: Array<{ phone: string; vars: Record<string, string> }>,
) {
  const columns = Object.keys(rows[0]?.vars ?? {});
  const csv = [
    ['phone', ...columns].join(','),
    ...rows.map((row) => [row.phone, ...columns.map((c) => row.vars[c] ?? '')].join(',')),
  ].join('\n');
  const launched = await api<{ runId: string; accepted: number; rejected: unknown[] }>(
    base,
    `/api/journeys/${journeyId}/launch`,
    {
      method: 'POST',
      token: session.token,
      headers: { 'content-type': 'text/csv' },
      body: csv,
    },
  );
  return expect(launched, 202, 'launch');
}

/** Polls `check` until it returns a value other than undefined, or gives up after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined>,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<T | undefined> {
  const deadline = performance.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (performance.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

/**
 * Polls `check` until it reports `done`; gives up after `timeoutMs`, or earlier when its
 * `progress` figure has not moved for `stallMs` (a stuck run should not cost the whole timeout).
 */
export async function waitForProgress<T>(
  check: () => Promise<{ done?: T; progress: number }>,
  options: { timeoutMs: number; stallMs: number; intervalMs?: number; label?: string },
): Promise<{ done?: T; stalled: boolean }> {
  const started = performance.now();
  const deadline = started + options.timeoutMs;
  let last = Number.NaN;
  let movedAt = started;
  let reportedAt = started;
  for (;;) {
    const { done, progress } = await check();
    if (done !== undefined) return { done, stalled: false };
    const now = performance.now();
    if (progress !== last) {
      last = progress;
      movedAt = now;
    }
    if (options.label && now - reportedAt >= 15_000) {
      console.log(`      ... ${options.label}: ${progress} after ${((now - started) / 1000).toFixed(0)} s`);
      reportedAt = now;
    }
    if (now - movedAt >= options.stallMs) return { stalled: true };
    if (now >= deadline) return { stalled: false };
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}
