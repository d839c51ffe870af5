import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../api-client/client';
import { errorMessage } from '../api-client/errors';
import { AuthCard } from './AuthCard';
import type { SignInState } from './RequireAuth';
import { SESSION_QUERY_KEY } from './session';
import { markSignedIn, markSignedOut } from './signed-in-flag';

/** `/login`: email and password; the API answers with an HttpOnly session cookie. */
export function LoginPage() {
  const navigate = useNavigate();
  const state = (useLocation().state ?? {}) as SignInState;
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/login', { body: { email, password } })),
    onSuccess: async () => {
      markSignedIn();
      await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      await navigate(state.from && state.from !== '/login' ? state.from : '/journeys', { replace: true });
    },
    onError: () => undefined,
  });
  // The "expired" note shows once: the next 401 without a new sign-in is a plain visit.
  useEffect(() => markSignedOut(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate();
  };

  return (
    <AuthCard title="Sign in">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {state.reason === 'expired' && !login.error && (
          <Alert severity="info">Your session has expired. Please sign in again.</Alert>
        )}
        {login.error && <Alert severity="error">{errorMessage(login.error)}</Alert>}
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <Button type="submit" variant="contained" size="large" loading={login.isPending}>
          Sign in
        </Button>
        <Typography variant="body2">
          New here?{' '}
          <Link component={RouterLink} to="/register">
            Create a workspace
          </Link>
        </Typography>
      </Stack>
    </AuthCard>
  );
}
