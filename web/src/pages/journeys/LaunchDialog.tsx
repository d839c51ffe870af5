import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import { enqueueSnackbar } from 'notistack';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api-client/errors';
import { CheckResult } from './CheckResult';
import { CsvPicker } from './CsvPicker';
import { CsvPreview } from './CsvPreview';
import { errorProblems } from './launch-answer';
import { CsvFileError, guessPhoneColumn, parseCsv, toLaunchCsv, type TParsedCsv } from './launch-csv';
import { useCheckLaunch, useLaunch, type TLaunchBody } from './launch-queries';

const STEPS = ['Upload the CSV', 'Check the contacts', 'Launch'];
const COUNTRY = /^[A-Z]{2}$/;

interface Props {
  journeyId: string;
  journeyName: string;
  open: boolean;
  onClose: () => void;
}

/** Launching a journey: upload a CSV, check it with a dry run, then launch and open the run. */
export function LaunchDialog({ journeyId, journeyName, open, onClose }: Props) {
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="launch-title">
      <DialogTitle id="launch-title">Launch “{journeyName}”</DialogTitle>
      {/* Unmounted when closed (MUI's default), so each opening starts from step 1. */}
      <LaunchFlow journeyId={journeyId} onClose={onClose} />
    </Dialog>
  );
}

function LaunchFlow({ journeyId, onClose }: { journeyId: string; onClose: () => void }) {
  const navigate = useNavigate();
  const [csv, setCsv] = useState<{ fileName: string; parsed: TParsedCsv } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [phoneIndex, setPhoneIndex] = useState(-1);
  const [country, setCountry] = useState('');
  const check = useCheckLaunch();
  const launch = useLaunch();
  const countryError = country !== '' && !COUNTRY.test(country);

  // Any change to what would be sent makes the last check meaningless.
  const changed = () => {
    check.reset();
    launch.reset();
  };
  const readFile = async (file: File) => {
    changed();
    try {
      const parsed = parseCsv(await file.text());
      if (parsed.dataRowCount === 0) throw new CsvFileError('The file has a header row but no contacts.');
      setCsv({ fileName: file.name, parsed });
      setPhoneIndex(guessPhoneColumn(parsed.headers));
      setFileError(null);
    } catch (error) {
      setCsv(null);
      setFileError(error instanceof CsvFileError ? error.message : `Could not read the file: ${errorMessage(error)}`);
    }
  };
  const body = (): TLaunchBody | undefined =>
    csv && phoneIndex >= 0 && !countryError
      ? { journeyId, csv: toLaunchCsv(csv.parsed, phoneIndex), fileName: csv.fileName, defaultCountry: country }
      : undefined;

  const runCheck = () => {
    const checked = body();
    if (checked) check.mutate(checked);
  };
  // The launch sends exactly the body that was checked, so its rows are the ones shown.
  const runLaunch = () => {
    if (!check.variables) return;
    launch.mutate(check.variables, {
      onSuccess: (answer) => {
        enqueueSnackbar(`Launched: ${answer.accepted.toLocaleString()} contacts are starting.`, { variant: 'success' });
        onClose();
        void navigate(`/runs/${answer.runId}`);
      },
    });
  };

  const result = check.data;
  const step = !csv ? 0 : !result ? 1 : 2;
  const failure = check.error ?? launch.error;
  const problems = errorProblems(failure);

  return (
    <>
      <DialogContent dividers>
        <Stepper activeStep={step} sx={{ mb: 3 }}>
          {STEPS.map((label) => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        <Stack spacing={2}>
          <CsvPicker fileName={csv?.fileName} onFile={(file) => void readFile(file)} />
          {fileError && <Alert severity="error">{fileError}</Alert>}
          {csv && (
            <CsvPreview
              parsed={csv.parsed}
              phoneIndex={phoneIndex}
              onPhoneIndex={(index) => {
                changed();
                setPhoneIndex(index);
              }}
              country={country}
              countryError={countryError}
              onCountry={(value) => {
                changed();
                setCountry(value);
              }}
            />
          )}
          {failure && (
            <Alert severity="error">
              {errorMessage(failure)}
              {problems.length > 0 && (
                <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                  {problems.slice(0, 10).map((problem, index) => (
                    <li key={index}>{problem}</li>
                  ))}
                </ul>
              )}
            </Alert>
          )}
          {result && <CheckResult result={result} />}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={launch.isPending}>
          Cancel
        </Button>
        {!result ? (
          <Button variant="contained" onClick={runCheck} disabled={!body()} loading={check.isPending}>
            Check
          </Button>
        ) : (
          <Button variant="contained" onClick={runLaunch} disabled={result.accepted === 0} loading={launch.isPending}>
            {`Launch ${result.accepted} ${result.accepted === 1 ? 'contact' : 'contacts'}`}
          </Button>
        )}
      </DialogActions>
    </>
  );
}
