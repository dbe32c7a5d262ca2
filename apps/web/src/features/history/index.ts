export { RecordAfterTheFact } from './components/RecordAfterTheFact';
export { TimeZoneForm } from './components/TimeZoneForm';
export { ActDates } from './components/ActDates';
export { RecordingBanner } from './components/RecordingBanner';
export { useClusterRecordedActs, useMeetingRecordedActs, closingOf, RECORDED_ACTS } from './api/recorded-acts';
