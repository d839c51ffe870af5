import AccountTreeOutlined from '@mui/icons-material/AccountTreeOutlined';
import PhoneIphoneOutlined from '@mui/icons-material/PhoneIphoneOutlined';
import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import ErrorOutline from '@mui/icons-material/ErrorOutline';
import Redo from '@mui/icons-material/Redo';
import RocketLaunchOutlined from '@mui/icons-material/RocketLaunchOutlined';
import SaveOutlined from '@mui/icons-material/SaveOutlined';
import Undo from '@mui/icons-material/Undo';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import Popover from '@mui/material/Popover';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { useStore } from 'zustand';
import { useBuilder, useBuilderStore, useHistory } from '../builder-context';
import { useStatusStore } from '../status-context';
import { ProblemsList } from './ProblemsList';

export type TSaveState = 'saved' | 'dirty' | 'saving' | 'failed';

const SAVE_WORDS: Record<TSaveState, string> = {
  saved: 'Saved',
  dirty: 'Unsaved changes',
  saving: 'Saving…',
  failed: 'Save failed: your changes are kept',
};

interface TToolbarProps {
  saveState: TSaveState;
  onSave: () => void;
  onLaunch?: (() => void) | undefined;
  /** "Test on my phone": offered with Launch, under the same conditions. */
  onTest?: (() => void) | undefined;
  onAutoLayout: () => void;
}

function ProblemsButton() {
  const count = useStore(useStatusStore(), (s) => s.index.problems.length);
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Always "N problems", even for 1: end-to-end tests and screen-reader users find it by this name.
  const label = `${count} ${count === 1 ? 'problem' : 'problems'}`;
  return (
    <>
      <Button
        aria-label={label}
        color={count > 0 ? 'error' : 'success'}
        startIcon={count > 0 ? <ErrorOutline /> : <CheckCircleOutline />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="dialog"
      >
        {count}
      </Button>
      <Popover
        open={anchor !== null}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
      >
        <Stack sx={{ width: 420, maxWidth: '90vw' }} role="dialog" aria-label="Problems">
          <ProblemsList onPicked={() => setAnchor(null)} />
        </Stack>
      </Popover>
    </>
  );
}

/** Why the saved journey cannot be launched or tested yet (`doing`: "launching", "testing"). */
function launchBlocker(problems: number, saveState: TSaveState, doing = 'launching'): string | undefined {
  if (problems > 0) return `Fix the ${problems} problem${problems === 1 ? '' : 's'} before ${doing}`;
  if (saveState !== 'saved') return `Save your changes before ${doing}`;
  return undefined;
}

/** Name, undo/redo, auto layout, problems, save state, save and launch. */
export function Toolbar({ saveState, onSave, onLaunch, onTest, onAutoLayout }: TToolbarProps) {
  const store = useBuilderStore();
  const name = useBuilder((s) => s.name);
  const canUndo = useHistory((s) => s.pastStates.length > 0);
  const canRedo = useHistory((s) => s.futureStates.length > 0);
  const problems = useStore(useStatusStore(), (s) => s.index.problems.length);
  const blocker = launchBlocker(problems, saveState);
  const testBlocker = launchBlocker(problems, saveState, 'testing');
  const blockerId = useId();
  const testBlockerId = useId();
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider', flexWrap: 'wrap' }}
      role="toolbar"
      aria-label="Journey tools"
    >
      <TextField
        value={name}
        onChange={(e) => store.getState().setName(e.target.value)}
        size="small"
        placeholder="Journey name"
        error={name.trim() === ''}
        slotProps={{ htmlInput: { 'aria-label': 'Journey name', maxLength: 200 } }}
        sx={{ minWidth: 220, flex: '0 1 320px' }}
      />
      <Tooltip title="Undo (Ctrl+Z)">
        <span>
          <IconButton aria-label="Undo" disabled={!canUndo} onClick={() => store.temporal.getState().undo()}>
            <Undo />
          </IconButton>
        </span>
      </Tooltip>
      <Tooltip title="Redo (Ctrl+Shift+Z)">
        <span>
          <IconButton aria-label="Redo" disabled={!canRedo} onClick={() => store.temporal.getState().redo()}>
            <Redo />
          </IconButton>
        </span>
      </Tooltip>
      <Button aria-label="Auto layout" startIcon={<AccountTreeOutlined />} onClick={onAutoLayout}>
        Auto layout
      </Button>
      <Divider orientation="vertical" flexItem />
      <ProblemsButton />
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', ml: 'auto !important' }}>
        <Typography
          role="status"
          variant="body2"
          color={saveState === 'failed' ? 'error' : 'text.secondary'}
          sx={{ whiteSpace: 'nowrap' }}
        >
          {SAVE_WORDS[saveState]}
        </Typography>
        <Button
          variant="outlined"
          startIcon={<SaveOutlined />}
          onClick={onSave}
          disabled={saveState === 'saving' || saveState === 'saved'}
          title="Save (Ctrl+S)"
        >
          Save
        </Button>
        {onTest && (
          <Tooltip title={testBlocker ?? 'Run the saved journey for your own phone, with its waits shortened'}>
            <span>
              <Button
                variant="outlined"
                startIcon={<PhoneIphoneOutlined />}
                onClick={onTest}
                disabled={testBlocker !== undefined}
                aria-describedby={testBlocker ? testBlockerId : undefined}
              >
                Test on my phone
              </Button>
            </span>
          </Tooltip>
        )}
        {testBlocker && onTest && (
          <span id={testBlockerId} hidden>
            {testBlocker}
          </span>
        )}
        {onLaunch && (
          <Tooltip title={blocker ?? 'Launch this journey to an audience'}>
            <span>
              <Button
                variant="contained"
                startIcon={<RocketLaunchOutlined />}
                onClick={onLaunch}
                disabled={blocker !== undefined}
                aria-describedby={blocker ? blockerId : undefined}
              >
                Launch
              </Button>
            </span>
          </Tooltip>
        )}
        {blocker && onLaunch && (
          <span id={blockerId} hidden>
            {blocker}
          </span>
        )}
      </Stack>
    </Stack>
  );
}
