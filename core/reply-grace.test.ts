import { describe, expect, it } from 'vitest';
import { EARLY_REPLY_LIMIT, keepEarlyReply, REPLY_GRACE_MS, repliesForWait } from './reply-grace.js';

const at = (ms: number) => new Date(ms).toISOString();
const reply = (sid: string, ms: number) => ({ messageSid: sid, receivedAt: at(ms), text: sid });

describe('keepEarlyReply', () => {
  it('keeps one reply per MessageSid and only the latest few', () => {
    let kept = keepEarlyReply([], reply('a', 1));
    kept = keepEarlyReply(kept, reply('a', 2));
    expect(kept).toEqual([reply('a', 1)]);
    for (let i = 0; i < EARLY_REPLY_LIMIT + 3; i += 1) kept = keepEarlyReply(kept, reply(`r${i}`, 10 + i));
    expect(kept.map((r) => r.messageSid)).toEqual(Array.from({ length: EARLY_REPLY_LIMIT }, (_, i) => `r${i + 3}`));
  });
});

describe('repliesForWait', () => {
  const now = 1_000_000_000;
  it('takes replies within the grace window and not before the last send, oldest first', () => {
    const kept = [
      reply('late', now - 1_000),
      reply('edge', now - REPLY_GRACE_MS),
      reply('stale', now - REPLY_GRACE_MS - 1),
      reply('before-send', now - 60_000),
      reply('broken', 0),
    ].map((r) => (r.messageSid === 'broken' ? { ...r, receivedAt: 'not a time' } : r));
    const taken = repliesForWait(kept, { nowMs: now, lastSentMs: now - 30_000 });
    expect(taken.map((r) => r.messageSid)).toEqual(['late']);
    const sentLongAgo = repliesForWait(kept, { nowMs: now, lastSentMs: 0 });
    expect(sentLongAgo.map((r) => r.messageSid)).toEqual(['edge', 'before-send', 'late']);
  });
});
