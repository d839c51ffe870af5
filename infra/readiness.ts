/** One dependency a process needs to do its work. */
export interface DependencyCheck {
  name: string;
  check(): Promise<unknown>;
}

export interface DependencyStatus {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

export interface Readiness {
  ok: boolean;
  dependencies: Record<string, DependencyStatus>;
}

/** Runs every check in parallel, each bounded by `timeoutMs`, and reports each by name. */
export async function checkReadiness(checks: readonly DependencyCheck[], timeoutMs: number): Promise<Readiness> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      try {
        await withTimeout(check(), timeoutMs, `${name} did not answer within ${timeoutMs} ms`);
        return [name, { ok: true, latencyMs: elapsed(started) }] as const;
      } catch (error) {
        return [name, { ok: false, latencyMs: elapsed(started), error: describe(error) }] as const;
      }
    }),
  );
  return { ok: results.every(([, status]) => status.ok), dependencies: Object.fromEntries(results) };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    // Prisma puts the driver's reason on the last line of a multi-line message.
    const line = error.message
      .split('\n')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    const code = (error as { code?: unknown }).code;
    return [typeof code === 'string' ? code : undefined, line ?? error.name].filter(Boolean).join(': ');
  }
  return String(error);
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
