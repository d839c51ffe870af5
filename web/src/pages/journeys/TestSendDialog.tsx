import PhoneIphoneOutlined from '@mui/icons-material/PhoneIphoneOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useId, useState, type FormEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '../../api-client/errors';
import { useAppConfig } from '../../auth/session';
import { formatSeconds } from '../../format';
import { testBody, testFieldErrors, type TTestFields } from './test-send';
import { useTestSend } from './test-send-queries';

interface Props {
  journeyId: string;
  journeyName: string;
  fields: TTestFields;
  open: boolean;
  onClose: () => void;
}

/**
 * "Test on my phone": asks for a phone and the journey's variables, starts a test run of
 * the saved journey for that phone, then offers the phone simulator (sandbox mode) where
 * the tester sees the message and answers it, and the test run's dashboard.
 */
export function TestSendDialog({ journeyId, journeyName, fields, open, onClose }: Props) {
  const titleId = useId();
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId}>Test “{journeyName}” on your phone</DialogTitle>
      {/* Unmounted when closed (MUI's default), so each opening starts afresh. */}
      <TestSendForm journeyId={journeyId} fields={fields} onClose={onClose} />
    </Dialog>
  );
}

function TestSendForm({ journeyId, fields, onClose }: Pick<Props, 'journeyId' | 'fields' | 'onClose'>) {
  const formId = useId();
  const [phone, setPhone] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const send = useTestSend(journeyId);
  const config = useAppConfig();
  const names = [...fields.required, ...fields.optional];
  const problems = testFieldErrors(send.error, names);
  // A problem with the phone or a variable is shown under it; any other in an alert.
  const onAField = Object.keys(problems).some((key) => key !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    send.mutate(testBody(phone, values));
  };

  if (send.data) {
    const { phone: sentTo, runId, testTiming } = send.data;
    const sandbox = config.data?.sandbox === true;
    return (
      <>
        <DialogContent dividers>
          <Stack spacing={2}>
            <Alert severity="success">
              {sandbox
                ? `The test has started: ${sentTo} gets its first message in the phone simulator in a moment.`
                : `The test has started: ${sentTo} gets its first message in a moment.`}
            </Alert>
            <Typography variant="body2">
              Each wait of the journey lasts at most {formatSeconds(testTiming.waitSeconds)}, and each wait for a reply
              times out after {formatSeconds(testTiming.replyTimeoutSeconds)}: time to answer
              {sandbox ? ' in the simulator' : ''}. The test run is marked Test and left out of analytics and frequency
              caps; opt-outs still apply.
            </Typography>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Close</Button>
          <Button component={RouterLink} to={`/runs/${encodeURIComponent(runId)}`} onClick={onClose}>
            Open the test run
          </Button>
          {sandbox && (
            <Button
              variant="contained"
              component={RouterLink}
              to={`/simulator?${new URLSearchParams({ phone: sentTo }).toString()}`}
              onClick={onClose}
            >
              Open the simulator
            </Button>
          )}
        </DialogActions>
      </>
    );
  }

  return (
    <>
      <DialogContent dividers>
        <Stack component="form" id={formId} spacing={2} onSubmit={submit} noValidate>
          <Typography variant="body2" color="text.secondary">
            Runs the saved journey for one phone, with real messages and every wait shortened to seconds. Nobody else is
            messaged.
          </Typography>
          <TextField
            label="Your phone"
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            required
            autoFocus
            error={problems.phone !== undefined}
            helperText={problems.phone ?? 'With its country code, e.g. +1 415 555 2671.'}
            slotProps={{ input: { startAdornment: <PhoneIphoneOutlined color="action" sx={{ mr: 1 }} /> } }}
          />
          {names.map((name) => (
            <TextField
              key={name}
              label={name}
              value={values[name] ?? ''}
              onChange={(e) => setValues((current) => ({ ...current, [name]: e.target.value }))}
              required={fields.required.includes(name)}
              error={problems[name] !== undefined}
              helperText={
                problems[name] ??
                (fields.required.includes(name) ? `Used as {{${name}}} in the messages.` : 'Read by a condition.')
              }
            />
          ))}
          {send.error && !onAField && (
            <Alert severity="error">
              {errorMessage(send.error)}
              {problems[''] !== undefined && ` ${problems['']}`}
            </Alert>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={send.isPending}>
          Cancel
        </Button>
        <Button type="submit" form={formId} variant="contained" loading={send.isPending} disabled={phone.trim() === ''}>
          Send test
        </Button>
      </DialogActions>
    </>
  );
}
