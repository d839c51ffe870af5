import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api-client/errors';
import { SESSION_EXPIRED_EVENT } from '../api-client/client';
import { ErrorState } from '../components/ErrorState';
import { markSignedIn, wasSignedIn } from './signed-in-flag';
import { useSession } from './session';

/** Where the sign-in page sends the user back to, and why it was shown. */
export interface SignInState {
  from?: string;
  reason?: 'expired';
}

function signInState(from: string): SignInState {
  return { from, ...(wasSignedIn() ? { reason: 'expired' as const } : {}) };
}

/**
 * Guards every signed-in page: no session, to sign-in; a session that expires while a page
 * is open (any API call answers 401), to sign-in with a message, then back to the same page.
 */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  // Any session seen here (signed in on this page or another tab) makes a later 401 an expiry.
  const isSignedIn = session.data !== undefined;
  useEffect(() => {
    if (isSignedIn) markSignedIn();
  }, [isSignedIn]);

  useEffect(() => {
    const onExpired = () => {
      queryClient.clear();
      void navigate('/login', { replace: true, state: signInState(location.pathname + location.search) });
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, onExpired);
    return () => window.removeEventListener(SESSION_EXPIRED_EVENT, onExpired);
  }, [location.pathname, location.search, navigate, queryClient]);

  if (session.isPending) {
    return (
      <Box sx={{ display: 'grid', placeItems: 'center', minHeight: '100vh' }}>
        <CircularProgress aria-label="Checking your session" />
      </Box>
    );
  }
  if (session.error instanceof ApiError && session.error.status === 401) {
    return <Navigate to="/login" replace state={signInState(location.pathname + location.search)} />;
  }
  if (session.error) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  return <Outlet />;
}
