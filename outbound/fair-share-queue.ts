import { Queue, type BulkJobOptions, type Job, type JobsOptions, type QueueOptions } from 'bullmq';
import {
  DEFAULT_WEIGHT,
  FAIR_HORIZON,
  MAX_JOB_PRIORITY,
  REBASE_AT,
  sendCost,
  type TSendClass,
} from '../core/fair-share.js';
import type { Redis } from '../infra/redis.js';

/** The job name of a launch's first messages: the only bulk sends (see queue-first-sends.ts). */
export const BULK_JOB_NAME = 'first-send';

/** Operator-set weights by workspace id; a workspace not named has DEFAULT_WEIGHT. */
export type TWorkspaceWeights = Readonly<Record<string, number>>;

/**
 * Tags `ARGV[5]` sends of workspace ARGV[2] (class ARGV[3], 'b' or 'i', cost ARGV[4]) and
 * answers their queue priorities: core/fair-share.ts's virtualTime, rebaseShift and
 * startTags, in one script so that concurrent producers (API, Temporal workers, message
 * workers) see one clock. KEYS: the state hash, BullMQ's prioritized set, delayed set and
 * active list; ARGV[1] the queue's key prefix (job hashes are prefix .. id).
 *
 * The virtual time is read off the head of BullMQ's prioritized set (score = priority *
 * 2^32 + insertion counter), so taking a job costs nothing extra: only queueing does.
 * A rebase lowers every queued job's priority, in the set and in its hash (which a retry
 * or a delayed job goes back to the queue with), as BullMQ's own changePriority does.
 */
const TAG_SENDS = `
local W = 4294967296
local state = KEYS[1]
local base = tonumber(redis.call('HGET', state, 'base') or '0')
local clock = tonumber(redis.call('HGET', state, 'clock') or '0')
local v
local head = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
if head[2] then
  v = math.max(clock, base + math.floor(tonumber(head[2]) / W) - 1)
else
  v = math.max(clock, tonumber(redis.call('HGET', state, 'max') or '0'))
end
if v - base >= tonumber(ARGV[7]) then
  local shift = math.floor(v - base)
  local queued = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  for i = 1, #queued, 2 do
    local score = tonumber(queued[i + 1])
    local p = math.floor(score / W)
    local np = math.max(1, p - shift)
    redis.call('ZADD', KEYS[2], np * W + (score - p * W), queued[i])
    redis.call('HSET', ARGV[1] .. queued[i], 'priority', np)
  end
  local others = redis.call('ZRANGE', KEYS[3], 0, -1)
  local active = redis.call('LRANGE', KEYS[4], 0, -1)
  for i = 1, #active do others[#others + 1] = active[i] end
  for i = 1, #others do
    local p = tonumber(redis.call('HGET', ARGV[1] .. others[i], 'priority') or '0')
    if p > 0 then redis.call('HSET', ARGV[1] .. others[i], 'priority', math.max(1, p - shift)) end
  end
  base = base + shift
  redis.call('HSET', state, 'base', base)
end
local ws = ARGV[2]
local cost = tonumber(ARGV[4])
local n = tonumber(ARGV[5])
local limit = v + tonumber(ARGV[6])
local maxp = tonumber(ARGV[8])
local bulk = tonumber(redis.call('HGET', state, 'b:' .. ws) or '0')
local start
if ARGV[3] == 'b' then
  start = math.max(v, bulk)
else
  start = math.max(v, tonumber(redis.call('HGET', state, 'i:' .. ws) or '0'))
end
local out = {}
local last = start
for i = 1, n do
  last = math.min(start, limit)
  out[i] = math.min(maxp, math.max(1, 1 + math.floor(last - base)))
  start = start + cost
end
if ARGV[3] == 'b' then
  redis.call('HSET', state, 'b:' .. ws, math.min(start, limit))
else
  redis.call('HSET', state, 'i:' .. ws, math.min(start, limit))
  redis.call('HSET', state, 'b:' .. ws, math.min(math.max(bulk, v) + cost * n, limit))
end
redis.call('HSET', state, 'clock', v)
if last > tonumber(redis.call('HGET', state, 'max') or '0') then redis.call('HSET', state, 'max', last) end
return out
`;

export interface FairShareOptions {
  /** Runs the tagging script (the queue's own connection). */
  connection: Redis;
  weights?: TWorkspaceWeights;
  /** Test hooks: a small horizon or rebase point shows their handling without a million sends. */
  horizon?: number;
  rebaseAt?: number;
}

/**
 * The `messages` queue with fair share between workspaces: each job a workspace queues is
 * given the priority of its start tag (core/fair-share.ts), so BullMQ's own ordering (lowest
 * priority first) serves workspaces in proportion to their weights, and interactive sends
 * ahead of their workspace's bulk. Nothing else changes: the job is BullMQ's as before
 * (durable as far as Redis is, with its retries and backoff), and a job without a
 * workspace (none of ours) is queued plainly. One script call per `add`, and one per
 * workspace and class in an `addBulk`.
 */
export class FairShareQueue extends Queue {
  readonly #fair: FairShareOptions;

  constructor(name: string, opts: QueueOptions, fair: FairShareOptions) {
    super(name, opts);
    this.#fair = fair;
  }

  override async add(name: string, data: unknown, opts?: JobsOptions): Promise<Job> {
    const workspaceId = workspaceOf(data);
    if (!workspaceId || opts?.priority !== undefined) return super.add(name, data, opts);
    const [priority] = await this.#priorities(workspaceId, classOf(name), 1);
    return super.add(name, data, { ...opts, priority: priority ?? 0 });
  }

  override async addBulk(jobs: { name: string; data: unknown; opts?: BulkJobOptions }[]): Promise<Job[]> {
    const groups = new Map<string, number[]>();
    jobs.forEach((job, index) => {
      const workspaceId = workspaceOf(job.data);
      if (!workspaceId || job.opts?.priority !== undefined) return;
      const key = `${classOf(job.name)}:${workspaceId}`;
      groups.set(key, [...(groups.get(key) ?? []), index]);
    });
    const prioritised = [...jobs];
    for (const [key, indexes] of groups) {
      const [kind, workspaceId] = key.split(/:(.*)/s) as [TSendClass, string];
      const priorities = await this.#priorities(workspaceId, kind, indexes.length);
      indexes.forEach((index, i) => {
        const job = jobs[index]!;
        prioritised[index] = { ...job, opts: { ...job.opts, priority: priorities[i] ?? 0 } };
      });
    }
    return super.addBulk(prioritised);
  }

  /** The weight the operator gave a workspace. */
  weightOf(workspaceId: string): number {
    return this.#fair.weights?.[workspaceId] ?? DEFAULT_WEIGHT;
  }

  async #priorities(workspaceId: string, kind: TSendClass, count: number): Promise<number[]> {
    const answer = (await this.#fair.connection.eval(
      TAG_SENDS,
      4,
      this.toKey('fair'),
      this.keys.prioritized!,
      this.keys.delayed!,
      this.keys.active!,
      this.toKey(''),
      workspaceId,
      kind === 'bulk' ? 'b' : 'i',
      sendCost(this.weightOf(workspaceId)),
      count,
      this.#fair.horizon ?? FAIR_HORIZON,
      this.#fair.rebaseAt ?? REBASE_AT,
      MAX_JOB_PRIORITY,
    )) as number[];
    return answer.map(Number);
  }
}

function classOf(jobName: string): TSendClass {
  return jobName === BULK_JOB_NAME ? 'bulk' : 'interactive';
}

function workspaceOf(data: unknown): string | undefined {
  const id = (data as { workspaceId?: unknown } | null)?.workspaceId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
