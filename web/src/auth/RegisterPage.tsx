import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { api, unwrap } from '../api-client/client';
import { errorMessage, fieldErrors } from '../api-client/errors';
import { AuthCard } from './AuthCard';
import { SESSION_QUERY_KEY } from './session';
import { markSignedIn } from './signed-in-flag';

/** `/register`: creates a workspace with its first admin and signs them in. */
export function RegisterPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const register = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/auth/register', {
          body: {
            name: form.name,
            email: form.email,
            password: form.password,
            ...(form.workspaceName.trim() ? { workspaceName: form.workspaceName } : {}),
          },
        }),
      ),
    onSuccess: async () => {
      markSignedIn();
      await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
      await navigate('/journeys', { replace: true });
    },
    onError: () => undefined,
  });
  const errors = fieldErrors(register.error);
  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })),
    error: Boolean(errors[key]),
    helperText: errors[key],
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate();
  };

  return (
    <AuthCard title="Create your workspace">
      <Stack component="form" spacing={2} onSubmit={submit} noValidate>
        {register.error && <Alert severity="error">{errorMessage(register.error)}</Alert>}
        <TextField label="Your name" autoComplete="name" required autoFocus {...field('name')} />
        <TextField label="Email" type="email" autoComplete="email" required {...field('email')} />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          {...field('password')}
          helperText={errors.password ?? 'At least 8 characters.'}
        />
        <TextField label="Workspace name" placeholder="Optional" {...field('workspaceName')} />
        <Button type="submit" variant="contained" size="large" loading={register.isPending}>
          Create workspace
        </Button>
        <Typography variant="body2">
          Already have an account?{' '}
          <Link component={RouterLink} to="/login">
            Sign in
          </Link>
        </Typography>
      </Stack>
    </AuthCard>
  );
}
