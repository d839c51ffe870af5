import Box from '@mui/material/Box';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { Link as RouterLink, useBlocker, useParams } from 'react-router';
import { useAppConfig } from '../../auth/session';
import { JourneyBuilder } from '../../builder';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useJourney, useSaveJourney, type TJourneyDraft } from './journey-queries';
import { LaunchDialog } from './LaunchDialog';
import { LeaveUnsavedDialog } from './LeaveUnsavedDialog';
import { testFields } from './test-send';
import { TestSendDialog } from './TestSendDialog';

/** `/journeys/:id`: the builder on a saved journey; saves with PUT, launches and tests from dialogs. */
export function JourneyEditorPage() {
  const { id = '' } = useParams();
  const journey = useJourney(id);

  if (journey.isPending) return <LoadingState label="Loading the journey" />;
  if (journey.isError) return <ErrorState error={journey.error} onRetry={() => void journey.refetch()} />;
  // Keyed by id so moving to another journey mounts a fresh builder with its graph.
  return <Editor key={id} id={id} saved={journey.data.journey} />;
}

function Editor({
  id,
  saved,
}: {
  id: string;
  saved: { name: string; nodes: unknown[]; edges: unknown[]; goal: unknown };
}) {
  // The builder owns the graph once mounted: `initial` is read once, so a save's answer
  // (or any refetch) never resets what the user is doing.
  const [initial] = useState(() => ({ name: saved.name, nodes: saved.nodes, edges: saved.edges, goal: saved.goal }));
  const [launching, setLaunching] = useState(false);
  const [testing, setTesting] = useState(false);
  // From the journey as saved (a save updates `saved`): what the test runs, and needs.
  const fields = useMemo(() => testFields(saved), [saved]);
  const [dirty, setDirty] = useState(false);
  const save = useSaveJourney(id);
  // Unknown until the config answers: intent branches are then not flagged yet, and a
  // launch without an AI model is refused by the API with the same problem.
  const intentClassifier = useAppConfig().data?.intentClassifier;
  // Leaving for another page of the app would drop unsaved edits: ask first. (Closing the
  // tab or reloading is the browser's beforeunload prompt, set up by the builder.)
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname,
  );

  // A rejected save (400, 409) is toasted with the API's message by the global handler;
  // the rejection tells the builder to keep its unsaved state.
  const onSave = async (draft: TJourneyDraft) => {
    await save.mutateAsync(draft);
  };

  return (
    <>
      <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1.5 }}>
        <Link component={RouterLink} to="/journeys" underline="hover" color="inherit">
          Journeys
        </Link>
        <Typography component="h1" variant="body1" color="text.primary" sx={{ fontWeight: 600 }}>
          {saved.name}
        </Typography>
      </Breadcrumbs>
      <Box sx={{ height: 'calc(100vh - 160px)', minHeight: 560 }}>
        <JourneyBuilder
          initial={initial}
          intentClassifier={intentClassifier}
          onSave={onSave}
          onLaunch={() => setLaunching(true)}
          onTest={() => setTesting(true)}
          saving={save.isPending}
          onDirtyChange={setDirty}
        />
      </Box>
      <LaunchDialog journeyId={id} journeyName={saved.name} open={launching} onClose={() => setLaunching(false)} />
      <TestSendDialog
        journeyId={id}
        journeyName={saved.name}
        fields={fields}
        open={testing}
        onClose={() => setTesting(false)}
      />
      <LeaveUnsavedDialog
        open={blocker.state === 'blocked'}
        onStay={() => blocker.reset?.()}
        onLeave={() => blocker.proceed?.()}
      />
    </>
  );
}
