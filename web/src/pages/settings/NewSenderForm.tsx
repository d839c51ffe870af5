import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { enqueueSnackbar } from 'notistack';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../../api-client/errors';
import { SenderKindField, SenderRateField } from './SenderFields';
import { useAddSender, type TSenderKind } from './sender-queries';

/** Adds a number (or a Messaging Service sid) to the pool; kind and rate default from the address. */
export function NewSenderForm() {
  const [channel, setChannel] = useState<'sms' | 'whatsapp'>('sms');
  const [address, setAddress] = useState('');
  const [kind, setKind] = useState<TSenderKind | ''>('');
  const [rate, setRate] = useState('');
  const add = useAddSender();
  // The API's refusal names its field (a Messaging Service needs a rate, a number another
  // workspace has...): shown under that field, anything else in an alert.
  const {
    channel: channelProblem,
    address: addressProblem,
    kind: kindProblem,
    ratePerSec: rateProblem,
    ...otherProblems
  } = fieldErrors(add.error);
  const onAField = [channelProblem, addressProblem, kindProblem, rateProblem].some((p) => p !== undefined);
  const others = Object.values(otherProblems);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate(
      {
        channel,
        address: address.trim(),
        ...(kind ? { kind } : {}),
        ...(rate.trim() ? { ratePerSec: Number(rate) } : {}),
      },
      {
        onSuccess: ({ sender }) => {
          enqueueSnackbar(`Added ${sender.address}.`, { variant: 'success' });
          setAddress('');
          setRate('');
        },
      },
    );
  };

  return (
    <Stack
      component="form"
      direction="row"
      spacing={2}
      onSubmit={submit}
      sx={{ alignItems: 'flex-start', flexWrap: 'wrap' }}
    >
      <TextField
        select
        label="Channel"
        size="small"
        value={channel}
        onChange={(e) => setChannel(e.target.value as 'sms' | 'whatsapp')}
        error={channelProblem !== undefined}
        helperText={channelProblem}
        sx={{ minWidth: 120 }}
      >
        <MenuItem value="sms">SMS</MenuItem>
        <MenuItem value="whatsapp">WhatsApp</MenuItem>
      </TextField>
      <TextField
        label="Number or MG sid"
        size="small"
        value={address}
        onChange={(e) => setAddress(e.target.value)}
        error={addressProblem !== undefined}
        helperText={addressProblem ?? (channel === 'whatsapp' ? 'whatsapp:+14155550100' : '+14155550100, 12345 or MG…')}
        required
      />
      <SenderKindField
        value={kind}
        onChange={setKind}
        problem={kindProblem}
        hint="From the address if left"
        fromAddress
        sx={{ minWidth: 170 }}
      />
      <SenderRateField
        value={rate}
        onChange={setRate}
        problem={rateProblem}
        hint="Empty: Twilio's figure for the kind"
        sx={{ width: 170 }}
      />
      <Button type="submit" variant="contained" loading={add.isPending} disabled={address.trim() === ''}>
        Add sender
      </Button>
      {add.error && (!onAField || others.length > 0) && (
        <Box sx={{ flexBasis: '100%' }}>
          <Alert severity="error">{[errorMessage(add.error), ...others].join(' ')}</Alert>
        </Box>
      )}
    </Stack>
  );
}
