import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useStore } from 'zustand';
import { EXACT_REPLY_MATCHES, type TExactReplyMatch } from '../../../../core/index.js';
import { useBuilder } from '../builder-context';
import { useStatusStore } from '../status-context';
import { DurationField } from './DurationField';
import { goalErrors, goalMatchPatch, goalOfKind, type TGoalKind } from './goal-ops';

const KIND_WORDS: Record<TGoalKind, string> = {
  none: 'No goal',
  reply: 'A reply',
  event: 'An event from an integration',
};

const MATCH_WORDS: Record<TExactReplyMatch, string> = {
  equals: 'Reply is exactly',
  contains: 'Reply contains',
  regex: 'Reply matches pattern',
  payload: 'Button payload is',
  any: 'Any reply',
};

/**
 * The journey's goal: what counts as a conversion in the run's analytics (a reply matching a
 * rule, or an event an integration posts to /api/events), within a window from each
 * contact's start. Checked live by core like the rest of the journey.
 */
export function GoalForm() {
  const goal = useBuilder((s) => s.goal ?? null);
  const setGoal = useBuilder((s) => s.setGoal);
  const problems = useStore(useStatusStore(), (s) => s.index.problems);
  const errors = goalErrors(problems);
  return (
    <Stack component="section" spacing={1.5} aria-labelledby="goal-title">
      <Typography id="goal-title" variant="subtitle2" component="h3">
        Goal
      </Typography>
      <Typography variant="body2" color="text.secondary">
        A contact converts when it reaches the goal within the window from its start; the run’s analytics count
        conversions per step and per split branch.
      </Typography>
      <TextField
        select
        label="Converts on"
        value={goal?.kind ?? 'none'}
        onChange={(e) => setGoal(goalOfKind(goal, e.target.value as TGoalKind))}
        size="small"
        slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
      >
        {(Object.keys(KIND_WORDS) as TGoalKind[]).map((kind) => (
          <option key={kind} value={kind}>
            {KIND_WORDS[kind]}
          </option>
        ))}
      </TextField>
      {goal?.kind === 'reply' && (
        <>
          <TextField
            select
            label="Goal reply"
            value={goal.match}
            onChange={(e) => setGoal(goalMatchPatch(goal, e.target.value as TExactReplyMatch))}
            size="small"
            slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}
          >
            {EXACT_REPLY_MATCHES.map((match) => (
              <option key={match} value={match}>
                {MATCH_WORDS[match]}
              </option>
            ))}
          </TextField>
          {goal.match !== 'any' && (
            <TextField
              label="Goal value"
              value={goal.value ?? ''}
              onChange={(e) => setGoal({ ...goal, value: e.target.value })}
              error={errors.has('value')}
              helperText={
                errors.get('value') ??
                (goal.match === 'regex'
                  ? 'A regular expression (RE2: no lookarounds or backreferences)'
                  : 'Case, accents and spacing are ignored')
              }
              size="small"
            />
          )}
        </>
      )}
      {goal?.kind === 'event' && (
        <TextField
          label="Event name"
          value={goal.event}
          onChange={(e) => setGoal({ ...goal, event: e.target.value.trim() })}
          error={errors.has('event')}
          helperText={errors.get('event') ?? 'What your integration posts to POST /api/events, e.g. order.paid'}
          size="small"
        />
      )}
      {goal !== null && (
        <DurationField
          value={goal.window}
          onChange={(window) => setGoal({ ...goal, window })}
          amountLabel="Within"
          unitLabel="Window unit"
          error={errors.get('window')}
        />
      )}
      {errors.has('') && (
        <Typography color="error" variant="body2">
          {errors.get('')}
        </Typography>
      )}
    </Stack>
  );
}
