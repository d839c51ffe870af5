import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import { Link as RouterLink, useLocation } from 'react-router';

/** Any path no page answers. */
export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Alert severity="warning">
      There is no page at <code>{pathname}</code>. Go to your{' '}
      <Link component={RouterLink} to="/journeys">
        journeys
      </Link>
      .
    </Alert>
  );
}
