import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RejectedRows } from '../../components/RejectedRows';
import { ForecastSummary } from './ForecastSummary';
import type { TCheckResult } from './launch-answer';

/** Rows listed at most; a file with more rejections is better fixed in the spreadsheet. */
const MAX_LISTED = 500;

/** What the dry run found: the contacts that will be launched, what they will be sent, and every rejected row with its reason. */
export function CheckResult({ result }: { result: TCheckResult }) {
  const { total, accepted, rejected } = result;
  const listed = rejected.slice(0, MAX_LISTED);
  return (
    <Stack spacing={2} aria-live="polite">
      <Alert severity={accepted === 0 ? 'error' : rejected.length > 0 ? 'warning' : 'success'}>
        {accepted === 0
          ? `None of the ${total.toLocaleString()} rows can be launched: fix the file and choose it again.`
          : `${accepted.toLocaleString()} of ${total.toLocaleString()} contacts will be launched.`}
        {accepted > 0 &&
          rejected.length > 0 &&
          ` ${rejected.length.toLocaleString()} ${rejected.length === 1 ? 'row is' : 'rows are'} rejected and will be skipped.`}
      </Alert>
      {result.forecast && accepted > 0 && <ForecastSummary forecast={result.forecast} />}
      {rejected.length > 0 && <RejectedRows rows={listed} />}
      {rejected.length > listed.length && (
        <Typography variant="body2" color="text.secondary">
          … and {(rejected.length - listed.length).toLocaleString()} more rejected rows.
        </Typography>
      )}
    </Stack>
  );
}
