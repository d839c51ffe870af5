import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cellText, csvStream, csvText, keysetPages } from './csv-stream.js';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM keeps the byte order mark (Response.text() would drop it).
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

async function* pagesOf(...pages: unknown[][][]) {
  for (const page of pages) yield page;
}

describe('cellText', () => {
  it('writes null as empty, dates as ISO 8601, objects as JSON', () => {
    expect(
      [null, undefined, 'a', 3, -1.5, true, 10n, new Date('2025-01-02T03:04:05.006Z'), { a: 1 }, ['x']].map(cellText),
    ).toEqual(['', '', 'a', '3', '-1.5', 'true', '10', '2025-01-02T03:04:05.006Z', '{"a":1}', '["x"]']);
  });
});

describe('csvText', () => {
  it('quotes delimiters, quotes and every kind of line break, ending records with CRLF', () => {
    const rows = [['a,b', 'say "hi"', 'one\ntwo', 'cr\ronly', 'plain']];
    const text = csvText(rows);
    expect(text).toBe('"a,b","say ""hi""","one\ntwo","cr\ronly",plain\r\n');
    expect(parse(text)).toEqual(rows);
  });

  it('neutralises formulas but keeps E.164 phones and plain numbers', () => {
    expect(parse(csvText([['=1+1', '+14155550100', '-5', '@x']]))).toEqual([["'=1+1", '+14155550100', '-5', "'@x"]]);
  });
});

describe('csvStream', () => {
  it('writes a byte order mark and the header, then each page in order', async () => {
    const text = await readAll(csvStream(['a', 'b'], pagesOf([[1, 'x']], [], [[2, '=y']]), () => undefined));
    expect(text).toBe("\uFEFFa,b\r\n1,x\r\n2,'=y\r\n");
  });

  it('reports a failing page and errors the stream instead of ending it quietly', async () => {
    const failure = new Error('database went away');
    const reported: unknown[] = [];
    async function* failing() {
      yield [[1]];
      throw failure;
    }
    await expect(readAll(csvStream(['n'], failing(), (error) => reported.push(error)))).rejects.toThrow(
      'database went away',
    );
    expect(reported).toEqual([failure]);
  });
});

describe('keysetPages', () => {
  it('asks for the page after the last key until a short page', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => i);
    const asked: Array<number | undefined> = [];
    const fetchPage = async (after: number | undefined) => {
      asked.push(after);
      return rows.filter((row) => after === undefined || row > after).slice(0, 3);
    };
    const pages: number[][] = [];
    for await (const page of keysetPages(3, fetchPage, (row) => row)) pages.push(page);
    expect(pages).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(asked).toEqual([undefined, 2, 5]);
  });

  it('stops after an empty page when the rows divide evenly', async () => {
    const pages: number[][] = [];
    for await (const page of keysetPages(
      2,
      async (after: number | undefined) => (after === undefined ? [1, 2] : []),
      (row) => row,
    ))
      pages.push(page);
    expect(pages).toEqual([[1, 2]]);
  });
});
