/** Every workflow type the `journeys` task queue runs. */
import './stack-traces.js';

export { contactJourney } from './contact-journey.js';
export { launchRun } from './launch-run.js';
export { campaignSend } from './campaign.js';
export { migrateRunContacts } from './migrate-run.js';
