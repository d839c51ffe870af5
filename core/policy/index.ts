// The pure rules of the send policy every outbound message passes.
export { DEFAULT_TIME_ZONE, ZTimeZone, isTimeZone, resolveTimeZone } from './time-zone.js';
export { WEEKDAYS, ZClockTime, ZSendWindow, nextSendTime, type TSendWindow, type TWeekday } from './send-window.js';
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
