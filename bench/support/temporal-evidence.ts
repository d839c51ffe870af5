/** What Temporal says about a run's workflows that have not ended: the evidence when contacts hang. */
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

const PendingState = proto.temporal.api.enums.v1.PendingActivityState;
const EventType = proto.temporal.api.enums.v1.EventType;

function iso(ts: Timestamp): string | undefined {
  if (!ts?.seconds) return undefined;
  return new Date(Number(ts.seconds) * 1000 + Math.round((ts.nanos ?? 0) / 1e6)).toISOString();
}

export interface StuckWorkflow {
  workflowId: string;
  /** Its history's last events: what it did before it stopped moving. */
  lastEvents: string[];
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
      const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
      const described = await handle.describe();
      const history = await handle.fetchHistory();
      examples.push({
        workflowId: execution.workflowId,
        lastEvents: (history.events ?? []).slice(-10).map(describeEvent),
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

/** An event as a short line: its type, with the signal's or marker's name and a failure's message. */
function describeEvent(event: proto.temporal.api.history.v1.IHistoryEvent): string {
  const type = (EventType[event.eventType ?? 0] ?? String(event.eventType)).replace(/^EVENT_TYPE_/, '').toLowerCase();
  const detail =
    event.workflowExecutionSignaledEventAttributes?.signalName ??
    event.markerRecordedEventAttributes?.markerName ??
    event.workflowTaskFailedEventAttributes?.failure?.message ??
    event.timerStartedEventAttributes?.startToFireTimeout?.seconds?.toString() ??
    '';
  return `${iso(event.eventTime) ?? ''} ${type}${detail ? ` ${detail}` : ''}`;
}
