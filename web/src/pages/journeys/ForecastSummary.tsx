import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { durationText, rangeText, type TForecast } from './forecast-text';

/** What the launch will send, before it is confirmed: messages, channels, segments, time, and what will fail. */
export function ForecastSummary({ forecast }: { forecast: TForecast }) {
  const rows: Array<[string, string]> = [
    ['Messages', rangeText(forecast.messages)],
    ['SMS', rangeText(forecast.byChannel.sms)],
    ['WhatsApp', rangeText(forecast.byChannel.whatsapp)],
    ['SMS segments billed', rangeText(forecast.segments)],
    ['First messages all sent', durationText(forecast.drainSeconds)],
  ];
  return (
    <Stack spacing={1} aria-label="Launch forecast">
      <Typography variant="subtitle2">What this launch will send</Typography>
      <Table size="small" aria-label="What this launch will send">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label}>
              <TableCell component="th" scope="row">
                {label}
              </TableCell>
              <TableCell align="right">{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {forecast.messages.max === null && (
        <Alert severity="info">The journey loops: a contact can get more messages the longer it stays in it.</Alert>
      )}
      {forecast.outsideWindow > 0 && (
        <Alert severity="warning">
          {forecast.outsideWindow.toLocaleString()} {forecast.outsideWindow === 1 ? 'contact' : 'contacts'} would get a
          free-form WhatsApp message before replying, with no message from them in the last 24 hours: WhatsApp refuses
          it. Start with an approved template.
        </Alert>
      )}
      {forecast.optedOut > 0 && (
        <Alert severity="info">
          {forecast.optedOut.toLocaleString()} opted-out {forecast.optedOut === 1 ? 'phone is' : 'phones are'} left out.
        </Alert>
      )}
    </Stack>
  );
}
