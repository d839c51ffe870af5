/**
 * What one contact costs Temporal, read from the histories of a sample of a run's contact
 * workflows (what `temporal workflow show` prints): events, workflow tasks, activities and
 * their attempts (an activity's retries leave no events of their own, only the attempt
 * number on its started event), and how long the first workflow task waited for a worker.
 */
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';

const EventType = proto.temporal.api.enums.v1.EventType;

interface Spread {
  mean: number;
  max: number;
}

export interface HistoryFigures {
  sampled: number;
  events: Spread;
  workflowTasks: Spread;
  activities: Spread;
  /** Activity attempts per contact (1 per activity when nothing was retried). */
  attempts: Spread;
  /** Mean count of each event type per contact, most frequent first. */
  kinds: string;
  firstTaskWaitMs: { p50: number; max: number };
}

const spread = (values: number[]): Spread => ({
  mean: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
  max: Math.max(0, ...values),
});

const millis = (ts: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  ts ? Number(ts.seconds ?? 0) * 1000 + (ts.nanos ?? 0) / 1e6 : Number.NaN;

export async function historyFigures(address: string, runId: string, sample: number): Promise<HistoryFigures> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection });
    const ids: string[] = [];
    for await (const execution of client.workflow.list({ query: `JourneyRunId = "${runId}"` })) {
      if (execution.type !== 'contactJourney') continue;
      ids.push(execution.workflowId);
      if (ids.length >= sample) break;
    }
    const events: number[] = [];
    const tasks: number[] = [];
    const activities: number[] = [];
    const attempts: number[] = [];
    const waits: number[] = [];
    const kinds = new Map<string, number>();
    for (const id of ids) {
      const history = await client.workflow.getHandle(id).fetchHistory();
      const list = history.events ?? [];
      events.push(list.length);
      let taskCount = 0;
      let activityCount = 0;
      let attemptCount = 0;
      let firstScheduled = Number.NaN;
      let firstWait = Number.NaN;
      for (const event of list) {
        const type = event.eventType ?? 0;
        const name = (EventType[type] ?? String(type)).replace('EVENT_TYPE_', '');
        kinds.set(name, (kinds.get(name) ?? 0) + 1);
        if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED && Number.isNaN(firstScheduled))
          firstScheduled = millis(event.eventTime);
        if (type === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
          taskCount += 1;
          if (Number.isNaN(firstWait)) firstWait = millis(event.eventTime) - firstScheduled;
        }
        if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) activityCount += 1;
        if (type === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
          attemptCount += event.activityTaskStartedEventAttributes?.attempt ?? 1;
      }
      tasks.push(taskCount);
      activities.push(activityCount);
      attempts.push(attemptCount);
      waits.push(firstWait);
    }
    const sortedWaits = waits.filter((w) => !Number.isNaN(w)).sort((a, b) => a - b);
    return {
      sampled: ids.length,
      events: spread(events),
      workflowTasks: spread(tasks),
      activities: spread(activities),
      attempts: spread(attempts),
      kinds: [...kinds]
        .sort((a, b) => b[1] - a[1])
        .map(([name, n]) => `${name.toLowerCase()} ${(n / Math.max(1, ids.length)).toFixed(1)}`)
        .join(', '),
      firstTaskWaitMs: {
        p50: sortedWaits[Math.floor(sortedWaits.length / 2)] ?? Number.NaN,
        max: sortedWaits.at(-1) ?? Number.NaN,
      },
    };
  } finally {
    await connection.close();
  }
}
