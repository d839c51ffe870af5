import Add from '@mui/icons-material/Add';
import Button from '@mui/material/Button';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { PagerControls } from '../runs/PagerControls';
import { useCursorPages } from '../runs/use-cursor-pages';
import { DeleteJourneyDialog } from './DeleteJourneyDialog';
import { useCreateJourney, useJourneysPage, useLatestRunByJourney } from './journey-queries';
import { JourneysTable, type TJourneyRow } from './JourneysTable';
import { untitledName } from './starter-journey';

/** `/journeys`: the workspace's journeys; "New journey" creates a ready-to-launch one and opens it. */
export function JourneysPage() {
  const pages = useCursorPages();
  const journeys = useJourneysPage(pages.cursor);
  const latestRuns = useLatestRunByJourney();
  const create = useCreateJourney();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<TJourneyRow | null>(null);

  const createJourney = () =>
    create.mutate(untitledName(journeys.data?.items.map((journey) => journey.name) ?? []), {
      onSuccess: (body) => void navigate(`/journeys/${body.journey.id}`),
    });
  const newButton = (
    <Button variant="contained" startIcon={<Add />} onClick={createJourney} loading={create.isPending}>
      New journey
    </Button>
  );
  const isEmpty = journeys.data?.items.length === 0 && !pages.hasPrevious;

  return (
    <>
      <PageHeader
        title="Journeys"
        subtitle="Message flows that each contact walks on its own: send, wait, branch on replies."
        actions={!isEmpty && newButton}
      />
      {journeys.isPending && <LoadingState label="Loading journeys" />}
      {journeys.isError && <ErrorState error={journeys.error} onRetry={() => void journeys.refetch()} />}
      {isEmpty && (
        <EmptyState
          title="Create your first journey"
          description="A new journey starts with one WhatsApp message. Edit it in the builder, add waits and reply branches, then launch it against a CSV of contacts."
          action={newButton}
        />
      )}
      {journeys.data && journeys.data.items.length > 0 && (
        <>
          <JourneysTable journeys={journeys.data.items} latestRuns={latestRuns.data} onDelete={setDeleting} />
          <PagerControls pages={pages} nextCursor={journeys.data.nextCursor} label="Journeys" />
        </>
      )}
      <DeleteJourneyDialog journey={deleting} onClose={() => setDeleting(null)} />
    </>
  );
}
