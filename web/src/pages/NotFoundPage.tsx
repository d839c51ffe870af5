import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';

export function NotFoundPage({ path }: { path: string }) {
  return (
    <Alert severity="warning">
      There is no page at <code>{path}</code>. Go to the <Link href="/">system status</Link>.
    </Alert>
  );
}
