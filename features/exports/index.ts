export { cellText, csvStream, csvText, keysetPages, type TCsvExport, type TCsvRow } from './csv-stream.js';
export { exportMessages, MESSAGE_CSV_COLUMNS, type TMessageFilter } from './export-messages.js';
export { exportRunContacts, MAX_VAR_COLUMNS } from './export-run-contacts.js';
export { neutraliseCell } from './neutralise.js';
