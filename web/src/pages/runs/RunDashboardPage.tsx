import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { ContactDrawer } from './ContactDrawer';
import { ContactsPanel } from './ContactsPanel';
import { nodeNamer, nodeOptions } from './graph-nodes';
import { RunGraphPanel } from './RunGraphPanel';
import { RunHeader } from './RunHeader';
import { runKeys, useRun, useRunGraph, type TContactFilters } from './run-queries';
import { isRunFinished } from './run-status';
import { useCursorPages } from './use-cursor-pages';

const NO_FILTERS: TContactFilters = { state: '', node: '', phone: '' };

/**
 * `/runs/:id`: a run as it happens. The run (counts, progress) refreshes every 1.5 s and
 * the contacts every 2 s until the run has finished; both pause while the tab is hidden.
 * Clicking a node of the graph lists the contacts at it.
 */
export function RunDashboardPage() {
  const { id = '' } = useParams();
  const run = useRun(id);
  const graph = useRunGraph(id);
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

  if (run.isPending) return <LoadingState label="Loading the run" />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const live = !isRunFinished(run.data.status);

  return (
    <>
      <RunHeader run={run.data} />
      <RunGraphPanel
        graph={graph}
        counts={run.data.counts}
        nodes={nodes}
        selectedNode={filters.node}
        onSelectNode={(node) => changeFilters({ node })}
      />
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

/**
 * The contacts stop polling when the run ends, possibly just before its last contacts'
 * final states were read: fetch them once more at that moment so the table ends right.
 */
function useRefreshContactsWhenFinished(runId: string, finished: boolean | undefined) {
  const queryClient = useQueryClient();
  const was = useRef(finished);
  useEffect(() => {
    if (was.current === false && finished === true)
      void queryClient.invalidateQueries({ queryKey: runKeys.contactsAll(runId) });
    was.current = finished;
  }, [finished, queryClient, runId]);
}
