import { z } from 'zod';
import { ZFrequencyCap } from './frequency-cap.js';
import { ZSendWindow, ZTimeZone } from './schemas.js';

/** Over the frequency cap, a message either waits for room or is skipped. */
export const ZOverCap = z.enum(['wait', 'skip']);
export type TOverCap = z.infer<typeof ZOverCap>;

const policyFields = {
  sendWindow: ZSendWindow.optional(),
  timeZone: ZTimeZone.optional(),
  frequencyCap: ZFrequencyCap.optional(),
};

/** The send policy in force for one message; every field optional, empty means no limits. */
export const ZSendPolicy = z.object({ ...policyFields, overCap: ZOverCap.default('wait') });
export type TSendPolicy = z.infer<typeof ZSendPolicy>;

/**
 * One layer of settings (workspace, journey or node). Unlike ZSendPolicy, `overCap` has no
 * default here: a layer that fills in "wait" would override a less specific "skip".
 */
export const ZSendPolicyLayer = z.object({ ...policyFields, overCap: ZOverCap.optional() });
export type TSendPolicyLayer = z.input<typeof ZSendPolicyLayer>;

/**
 * Merges layers from least to most specific (workspace, journey, node): each field comes
 * from the last layer that sets it. Fields are replaced whole, so a node's sendWindow
 * replaces the journey's rather than changing only its end. Missing layers are skipped.
 * Throws a ZodError if a layer is invalid: parse stored layers with ZSendPolicyLayer.
 */
export function mergeSendPolicies(...layers: ReadonlyArray<TSendPolicyLayer | null | undefined>): TSendPolicy {
  const merged: TSendPolicyLayer = {};
  for (const layer of layers) {
    if (!layer) continue;
    if (layer.sendWindow !== undefined) merged.sendWindow = layer.sendWindow;
    if (layer.timeZone !== undefined) merged.timeZone = layer.timeZone;
    if (layer.frequencyCap !== undefined) merged.frequencyCap = layer.frequencyCap;
    if (layer.overCap !== undefined) merged.overCap = layer.overCap;
  }
  return ZSendPolicy.parse(merged);
}
