import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { ContactDrawer } from './ContactDrawer';
import type { TNodeFunnel } from '../../builder';
import { ContactsPanel } from './ContactsPanel';
import { nodeNamer, nodeOptions } from './graph-nodes';
import { RunGraphPanel } from './RunGraphPanel';
import { MigrateRunOffer } from './MigrateRunOffer';
import { RunHeader } from './RunHeader';
import { RunAnalyticsPanel } from './RunAnalyticsPanel';
import { runKeys, useRun, useRunAnalytics, useRunGraph, type TContactFilters, type TRunAnalytics } from './run-queries';
import { isRunFinished } from './run-status';
import { useCursorPages } from './use-cursor-pages';

const NO_FILTERS: TContactFilters = { state: '', node: '', phone: '' };

/**
 * `/runs/:id`: a run as it happens. The run (counts, progress) refreshes every 1.5 s, the
 * contacts every 2 s and the analytics every 5 s until the run has finished; all pause while
 * the tab is hidden.
 * Clicking a node of the graph lists the contacts at it.
 */
export function RunDashboardPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const graph = useRunGraph(id);
  const live = run.data !== undefined && !isRunFinished(run.data.status);
  const analytics = useRunAnalytics(id, live);
  const pages = useCursorPages();
  const { reset } = pages;
  const [filters, setFilters] = useState<TContactFilters>(NO_FILTERS);
  const [contactId, setContactId] = useState<string | null>(null);
  // A new filter is a new list: start again from its first page.
  const changeFilters = useCallback(
    (change: Partial<TContactFilters>) => {
      setFilters((current) => ({ ...current, ...change }));
      reset();
    },
    [reset],
  );
  useRefreshContactsWhenFinished(id, run.data ? isRunFinished(run.data.status) : undefined);
  const nodes = useMemo(() => nodeOptions(graph.data?.nodes ?? []), [graph.data]);
  const nodeName = useMemo(() => nodeNamer(nodes), [nodes]);
  const counts = useMemo(
    () => run.data && { ...run.data.counts, funnel: funnelOf(analytics.data) },
    [run.data, analytics.data],
  );

  if (run.isPending) return <LoadingState label="Loading the run" />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;

  return (
    <>
      <RunHeader run={run.data} />
      <MigrateRunOffer run={run.data} nodeName={nodeName} />
      <RunGraphPanel
        graph={graph}
        counts={counts ?? run.data.counts}
        nodes={nodes}
        selectedNode={filters.node}
        onSelectNode={(node) => changeFilters({ node })}
      />
      <RunAnalyticsPanel analytics={analytics} nodeName={nodeName} />
      <ContactsPanel
        runId={id}
        filters={filters}
        onFiltersChange={changeFilters}
        pages={pages}
        nodes={nodes}
        nodeName={nodeName}
        live={live}
        onOpen={setContactId}
      />
      <ContactDrawer
        runId={id}
        contactId={contactId}
        live={live}
        nodeName={nodeName}
        onClose={() => setContactId(null)}
      />
    </>
  );
}

/** The analytics' funnel by node, as the graph's nodes show it. */
function funnelOf(analytics: TRunAnalytics | undefined): Record<string, TNodeFunnel> | undefined {
  if (!analytics) return undefined;
  const hasGoal = analytics.goal !== null;
  return Object.fromEntries(
    analytics.nodes.map((node) => [
      node.nodeId,
      {
        sent: node.sent,
        delivered: node.delivered,
        failed: node.failed,
        replied: node.replied,
        converted: node.converted,
        hasGoal,
      },
    ]),
  );
}

/**
 * The contacts and the analytics stop polling when the run ends, possibly just before its last contacts'
 * final states were read: fetch them once more at that moment so the table ends right.
 */
function useRefreshContactsWhenFinished(runId: string, finished: boolean | undefined) {
  const queryClient = useQueryClient();
  const was = useRef(finished);
  useEffect(() => {
    if (was.current === false && finished === true) {
      void queryClient.invalidateQueries({ queryKey: runKeys.contactsAll(runId) });
      void queryClient.invalidateQueries({ queryKey: runKeys.analytics(runId) });
    }
    was.current = finished;
  }, [finished, queryClient, runId]);
}
