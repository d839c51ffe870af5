import { createTheme } from '@mui/material/styles';

export const theme = createTheme({
  palette: {
    mode: 'light',
    primary: { main: '#00695c' },
    background: { default: '#f4f6f8' },
  },
  shape: { borderRadius: 8 },
});
