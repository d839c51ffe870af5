import AccountCircle from '@mui/icons-material/AccountCircle';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../api-client/client';
import { markSignedOut } from '../auth/signed-in-flag';

/** The signed-in user's name, opening a menu with "Sign out". */
export function UserMenu({ name, email }: { name: string; email: string }) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout')),
    onSettled: async () => {
      // Whatever the answer, nothing of this session may stay on screen or in the cache.
      markSignedOut();
      queryClient.clear();
      await navigate('/login', { replace: true });
    },
  });

  return (
    <>
      <Button
        color="inherit"
        startIcon={<AccountCircle />}
        onClick={(e) => setAnchor(e.currentTarget)}
        aria-haspopup="menu"
        aria-expanded={anchor ? 'true' : undefined}
      >
        {name}
      </Button>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={() => setAnchor(null)}>
        <Typography variant="body2" color="text.secondary" sx={{ px: 2, py: 1 }}>
          {email}
        </Typography>
        <Divider />
        <MenuItem onClick={() => logout.mutate()} disabled={logout.isPending}>
          Sign out
        </MenuItem>
      </Menu>
    </>
  );
}
