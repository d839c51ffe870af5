// The pure rules of the send policy every outbound message passes.
export { DEFAULT_TIME_ZONE, isTimeZone, resolveTimeZone } from './time-zone.js';
export { WEEKDAYS, nextSendTime, type TSendWindow, type TWeekday } from './send-window.js';
export { ZClockTime, ZSendWindow, ZTimeZone } from './schemas.js';
export {
  ZFrequencyCap,
  frequencyCapDecision,
  type TFrequencyCap,
  type TFrequencyCapDecision,
  type TFrequencyCapInput,
} from './frequency-cap.js';
export {
  ZOverCap,
  ZSendPolicy,
  ZSendPolicyLayer,
  mergeSendPolicies,
  type TOverCap,
  type TSendPolicy,
  type TSendPolicyLayer,
} from './send-policy.js';
