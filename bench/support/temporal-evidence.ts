/** What Temporal says about a run's workflows that have not ended: the evidence when contacts hang. */
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

const PendingState = proto.temporal.api.enums.v1.PendingActivityState;

function iso(ts: Timestamp): string | undefined {
  if (!ts?.seconds) return undefined;
  return new Date(Number(ts.seconds) * 1000 + Math.round((ts.nanos ?? 0) / 1e6)).toISOString();
}

export interface StuckWorkflow {
  workflowId: string;
  pendingActivities: Array<{
    activityType: string;
    state: string;
    attempt: number;
    scheduledTime?: string;
    lastStartedTime?: string;
    lastWorkerIdentity: string;
    expirationTime?: string;
  }>;
}

/** Running contact workflows of `runId` (count) and, for up to `limit` of them, their pending activities. */
export async function runningWorkflows(
  address: string,
  runId: string,
  limit = 5,
): Promise<{ running: number; examples: StuckWorkflow[] }> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const query = `JourneyRunId = "${runId}" AND ExecutionStatus = "Running"`;
    const { count } = await client.workflow.count(query);
    const examples: StuckWorkflow[] = [];
    for await (const execution of client.workflow.list({ query })) {
      if (examples.length >= limit) break;
      const described = await client.workflow.getHandle(execution.workflowId, execution.runId).describe();
      examples.push({
        workflowId: execution.workflowId,
        pendingActivities: (described.raw.pendingActivities ?? []).map((a) => ({
          activityType: a.activityType?.name ?? '?',
          state: PendingState[a.state ?? 0] ?? String(a.state),
          attempt: a.attempt ?? 0,
          scheduledTime: iso(a.scheduledTime),
          lastStartedTime: iso(a.lastStartedTime),
          lastWorkerIdentity: a.lastWorkerIdentity ?? '',
          expirationTime: iso(a.expirationTime),
        })),
      });
    }
    return { running: count, examples };
  } finally {
    await connection.close();
  }
}
