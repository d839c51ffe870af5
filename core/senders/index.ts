export * from './sender-rate.js';
export * from './back-pressure.js';
export * from './pick-sender.js';
export * from './pool-forecast.js';
export * from './twilio-schedule.js';
