import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';
import { precompress } from './precompress.ts';

/** Where `npm run dev:web` sends API calls: the API started by `npm start` or `npm run api`. */
const apiTarget = process.env.API_URL ?? 'http://localhost:3000';
const proxy: Record<string, ProxyOptions> = Object.fromEntries(
  ['/api', '/sandbox', '/healthz', '/readyz'].map((prefix) => [prefix, { target: apiTarget, changeOrigin: false }]),
);

// Run from the repository root: `vite build --config web/vite.config.ts` writes web/dist,
// which the API serves (api/static.ts).
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React, its DOM renderer and the router change only with an upgrade: one chunk that a
            // browser keeps across deploys of the app. Every page needs it, the sign-in page too.
            { name: 'react', test: /node_modules[\\/](?:react|react-dom|scheduler|react-router)[\\/]/, priority: 2 },
            // React Flow and its d3 helpers: only the builder loads them, and a reader of the
            // build sees by the name what that costs.
            { name: 'react-flow', test: /node_modules[\\/](?:@xyflow|d3-[a-z]+|classcat)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy },
  preview: { proxy },
});
