/** Reads the pino JSON lines a child wrote and counts what it said, for a bench's evidence. */
import { readFileSync } from 'node:fs';

export interface LogLine {
  level: number;
  msg: string;
  time?: string;
  [key: string]: unknown;
}

export function readLogLines(paths: readonly string[]): LogLine[] {
  const lines: LogLine[] = [];
  for (const path of paths) {
    let text = '';
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      if (!raw.startsWith('{')) {
        // Raw stderr (e.g. a stack printed by a library): one entry per first line, not per stack line.
        if (/^[A-Za-z[]/.test(raw)) lines.push({ level: 50, msg: `(stderr) ${raw.slice(0, 160)}` });
        continue;
      }
      try {
        const parsed = JSON.parse(raw) as Partial<LogLine>;
        lines.push({ ...parsed, level: Number(parsed.level ?? 30), msg: String(parsed.msg ?? '') });
      } catch {
        lines.push({ level: 50, msg: raw.slice(0, 160) });
      }
    }
  }
  return lines;
}

/** Warning-or-worse messages (and non-JSON output), most frequent first. */
export function countWarnings(lines: readonly LogLine[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (line.level < 40) continue;
    const raw =
      typeof line.err === 'string' ? line.err : ((line.err as { message?: string } | undefined)?.message ?? '');
    // Prisma's messages quote the calling code first; the cause is their last line.
    const err =
      raw
        .split('\n')
        .filter((l) => l.trim())
        .at(-1)
        ?.trim() ?? '';
    const code = (line.error as { code?: string } | undefined)?.code;
    const said = `${line.msg}${err ? `: ${err}` : ''}${code ? ` (${code})` : ''}`;
    // Ids differ per job and workflow; the kind of message is what counts.
    const key = `${line.level >= 50 ? 'ERROR' : 'WARN'} ${said
      .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
      .replace(/\b[0-9a-f]{8,}\b/g, '<id>')
      .slice(0, 140)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}
