/** What a page downloads: bytes over the wire (as sent, compressed) and as the page used them. */
import type { Page, Request } from 'playwright-core';

export interface Traffic {
  requests: number;
  /** Response headers and bodies as they came over the wire (bodies compressed when they were). */
  wire: number;
  /** The bodies decoded. */
  decoded: number;
}

export interface TransferFigures {
  /** The web app's own files: the page, scripts, style sheets. */
  app: Traffic;
  /** Answers of /api. */
  api: Traffic;
}

const none = (): Traffic => ({ requests: 0, wire: 0, decoded: 0 });

async function measure(request: Request): Promise<{ api: boolean; wire: number; decoded: number }> {
  const response = await request.response();
  const sizes = await request.sizes();
  // Playwright reads the body as the browser decoded it; a redirect has none.
  const decoded = (await response?.body().catch(() => undefined))?.length ?? 0;
  return {
    api: new URL(request.url()).pathname.startsWith('/api/'),
    wire: sizes.responseHeadersSize + sizes.responseBodySize,
    decoded,
  };
}

/**
 * Starts counting what `page` downloads; `stop()` waits for the sizes of every request
 * finished so far and adds them up. Open the page in a fresh context: a cached file
 * is not downloaded.
 */
export function recordTransfer(page: Page): { stop(): Promise<TransferFigures> } {
  const pending: Promise<Awaited<ReturnType<typeof measure>>>[] = [];
  const onFinished = (request: Request) => void pending.push(measure(request));
  page.on('requestfinished', onFinished);
  return {
    async stop() {
      page.off('requestfinished', onFinished);
      const figures: TransferFigures = { app: none(), api: none() };
      for (const one of await Promise.all(pending)) {
        const traffic = one.api ? figures.api : figures.app;
        traffic.requests += 1;
        traffic.wire += one.wire;
        traffic.decoded += one.decoded;
      }
      return figures;
    },
  };
}
