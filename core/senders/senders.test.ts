import { describe, expect, it } from 'vitest';
import {
  backPressureDelayMs,
  canScheduleAtTwilio,
  defaultKind,
  kindFitsChannel,
  lowerRateFactor,
  MIN_RATE_FACTOR,
  pickSender,
  poolDrainRate,
  rateFactorAt,
  sendCost,
  senderDrainSeconds,
  senderRate,
  type TPoolSender,
} from './index.js';

const sender = (address: string, kind: TPoolSender['kind'], ratePerSec: number | null = null): TPoolSender => ({
  address,
  channel: kind === 'whatsapp' ? 'whatsapp' : 'sms',
  kind,
  ratePerSec,
});

describe('sender rates', () => {
  it("defaults to Twilio's published figure per kind, overridable", () => {
    expect(senderRate(sender('+1', 'long_code'))).toBe(1);
    expect(senderRate(sender('+1', 'toll_free'))).toBe(3);
    expect(senderRate(sender('12345', 'short_code'))).toBe(100);
    expect(senderRate(sender('whatsapp:+1', 'whatsapp'))).toBe(80);
    expect(senderRate(sender('whatsapp:+1', 'whatsapp', 400))).toBe(400);
    expect(senderRate(sender('+1', 'long_code', 0))).toBe(1);
  });

  it('counts SMS segments, one per WhatsApp message or template', () => {
    expect(sendCost('sms', 'hi')).toBe(1);
    expect(sendCost('sms', 'x'.repeat(161))).toBe(2);
    expect(sendCost('sms', 'é'.repeat(10) + '😀'.repeat(40))).toBe(2);
    expect(sendCost('whatsapp', 'x'.repeat(500))).toBe(1);
    expect(sendCost('sms', undefined)).toBe(1);
  });

  it('guesses a kind from the address and channel', () => {
    expect(defaultKind('sms', '+12125550100')).toBe('long_code');
    expect(defaultKind('sms', '12345')).toBe('short_code');
    expect(defaultKind('whatsapp', 'whatsapp:+12125550100')).toBe('whatsapp');
    expect(defaultKind('sms', `MG${'a'.repeat(32)}`)).toBe('messaging_service');
    expect(kindFitsChannel('whatsapp', 'sms')).toBe(false);
    expect(kindFitsChannel('long_code', 'whatsapp')).toBe(false);
    expect(kindFitsChannel('messaging_service', 'whatsapp')).toBe(true);
  });
});

describe('back-pressure', () => {
  it('halves the rate per answer down to a floor, and recovers after the hold', () => {
    expect(lowerRateFactor(1)).toBe(0.5);
    expect(lowerRateFactor(0.5)).toBe(0.25);
    let factor = 1;
    for (let i = 0; i < 20; i += 1) factor = lowerRateFactor(factor);
    expect(factor).toBe(MIN_RATE_FACTOR);
    expect(rateFactorAt(1_000, { factor: 0.5, untilMs: 2_000 })).toBe(0.5);
    expect(rateFactorAt(2_000, { factor: 0.5, untilMs: 2_000 })).toBe(1);
    expect(rateFactorAt(2_000, undefined)).toBe(1);
    expect(backPressureDelayMs(1, 0.5, 2)).toBe(4_000);
  });
});

describe('pickSender', () => {
  const pool = [sender('+1000', 'long_code'), sender('+2000', 'long_code'), sender('55555', 'short_code')];

  it('keeps the sticky sender while it is in the pool', () => {
    expect(pickSender(pool, '+15550001', '+2000')?.address).toBe('+2000');
    expect(pool.map((s) => s.address)).toContain(pickSender(pool, '+15550001', '+9999')?.address);
    expect(pickSender([], '+15550001', '+2000')).toBeUndefined();
  });

  it('picks the same sender for a phone whatever the order, weighted by rate', () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 5_000; i += 1) {
      const phone = `+1555${String(i).padStart(7, '0')}`;
      const picked = pickSender(pool, phone, null)!.address;
      expect(pickSender([...pool].reverse(), phone, null)!.address).toBe(picked);
      counts.set(picked, (counts.get(picked) ?? 0) + 1);
    }
    // The short code has 100 of the pool's 102 segments per second.
    expect(counts.get('55555')).toBeGreaterThan(4_800);
    expect((counts.get('+1000') ?? 0) + (counts.get('+2000') ?? 0)).toBeGreaterThan(0);
  });
});

describe('pool forecast', () => {
  it('drains at the slowest of the global rate and each channel pool', () => {
    const load = { sms: { messages: 100, segments: 200 }, whatsapp: { messages: 0 } };
    // Two long codes: 2 segments/s, 200 segments take 100 s: 1 message/s.
    expect(poolDrainRate([sender('+1', 'long_code'), sender('+2', 'long_code')], 50, load)).toBe(1);
    // A short code: 200 segments in 2 s, but the global 50/s makes it 2 s for 100 messages.
    expect(poolDrainRate([sender('1', 'short_code')], 50, load)).toBe(50);
    // No sender of its own: the global rate alone.
    expect(poolDrainRate([], 50, load)).toBe(50);
    expect(poolDrainRate([], 0, load)).toBeNull();
    expect(senderDrainSeconds(sender('+1', 'toll_free'), 30, 0.5)).toBe(20);
  });

  it('schedules at Twilio only 15 minutes to 35 days ahead', () => {
    expect(canScheduleAtTwilio(0, 15 * 60_000 - 1)).toBe(false);
    expect(canScheduleAtTwilio(0, 15 * 60_000)).toBe(true);
    expect(canScheduleAtTwilio(0, 35 * 86_400_000)).toBe(true);
    expect(canScheduleAtTwilio(0, 35 * 86_400_000 + 1)).toBe(false);
  });
});
