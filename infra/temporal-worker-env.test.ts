import { describe, expect, it } from 'vitest';
import { temporalWorkerEnv, TEMPORAL_WORKER_NODE_OPTIONS } from './temporal-worker-env.js';

describe('temporalWorkerEnv', () => {
  it("adds the worker's heap limit to NODE_OPTIONS, keeping the operator's other options", () => {
    expect(temporalWorkerEnv({ PORT: '1' })).toEqual({ PORT: '1', NODE_OPTIONS: TEMPORAL_WORKER_NODE_OPTIONS });
    expect(temporalWorkerEnv({ NODE_OPTIONS: '--enable-source-maps' }).NODE_OPTIONS).toBe(
      `--enable-source-maps ${TEMPORAL_WORKER_NODE_OPTIONS}`,
    );
  });

  it("leaves an operator's own heap limit alone", () => {
    expect(temporalWorkerEnv({ NODE_OPTIONS: '--max-old-space-size=2048' }).NODE_OPTIONS).toBe(
      '--max-old-space-size=2048',
    );
  });
});
