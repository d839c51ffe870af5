import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

/**
 * Text files only: images and woff2 fonts are compressed already. The extensions Vite
 * writes for the app, plus what a `public/` folder may hold.
 */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
/** Below this a compressed copy saves a few bytes at most: gzip's own header and trailer are 18. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Build time, not request time: so the slowest, smallest settings of both. */
const ENCODERS = {
  br: (data: Buffer) =>
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gz: (data: Buffer) => gzipAsync(data, { level: constants.Z_BEST_COMPRESSION }),
} as const;

export interface PrecompressTotals {
  files: number;
  bytes: number;
  br: number;
  gz: number;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file of `dir` of at least 1 KiB,
 * keeping each only when it is smaller than the file. The API serves them to a browser
 * that accepts them (api/static.ts), so no request pays for compressing them.
 */
export async function precompressDir(dir: string): Promise<PrecompressTotals> {
  const files = (await filesUnder(dir)).filter((file) => COMPRESSIBLE.test(file));
  const totals: PrecompressTotals = { files: 0, bytes: 0, br: 0, gz: 0 };
  await Promise.all(
    files.map(async (file) => {
      const data = await readFile(file);
      if (data.length < MIN_BYTES) return;
      totals.files += 1;
      totals.bytes += data.length;
      for (const [suffix, encode] of Object.entries(ENCODERS) as [keyof typeof ENCODERS, typeof ENCODERS.br][]) {
        const encoded = await encode(data);
        const kept = encoded.length < data.length;
        if (kept) await writeFile(`${file}.${suffix}`, encoded);
        totals[suffix] += kept ? encoded.length : data.length;
      }
    }),
  );
  return totals;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * Vite plugin: once a build has written its files, precompresses them (precompressDir).
 * Hand-written on node:zlib rather than a compression plugin from npm: it is these few
 * lines, and every build (npm run build:web, the browser tests' and the Docker image's) gets it.
 */
export function precompress(): Plugin {
  let log: (message: string) => void = () => undefined;
  return {
    name: 'initucastt:precompress',
    apply: 'build',
    configResolved(config) {
      log = (message) => config.logger.info(message);
    },
    writeBundle: {
      sequential: true,
      order: 'post',
      async handler(options) {
        if (!options.dir) return;
        const totals = await precompressDir(options.dir);
        log(
          `precompressed ${totals.files} files of ${kB(totals.bytes)}: brotli ${kB(totals.br)}, gzip ${kB(totals.gz)}`,
        );
      },
    },
  };
}
