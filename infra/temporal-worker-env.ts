/**
 * Node's own options for the Temporal worker process, given as NODE_OPTIONS by everything
 * that starts it (`npm start`, the benches' stacks, docker-compose), so each measures and
 * runs the same process.
 *
 * A V8 heap limit of 512 MB per isolate (the main thread and the workflow thread each have
 * their own): with Node's default of about 4 GB, V8 lets garbage pile up far past the live
 * set before it collects. Measured with 10,000 contacts waiting for a reply (bench:launch):
 * heap snapshots held 152 MB live in the main thread and 164 MB in the workflow thread
 * (2,307 cached workflows), while the process peaked at 1.4-1.5 GB. With this limit and
 * 1000 cached workflows (TEMPORAL_MAX_CACHED_WORKFLOWS) see the README's Figures.
 */
export const TEMPORAL_WORKER_NODE_OPTIONS = '--max-old-space-size=512';

/**
 * The env a Temporal worker process starts with: NODE_OPTIONS gains the worker's heap limit
 * unless the operator's own NODE_OPTIONS already sets one.
 */
export function temporalWorkerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const own = env.NODE_OPTIONS ?? '';
  if (/--max-old-space-size[=\s]/.test(own)) return env;
  return { ...env, NODE_OPTIONS: `${own} ${TEMPORAL_WORKER_NODE_OPTIONS}`.trim() };
}
