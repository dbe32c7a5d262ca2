export { RecordAfterTheFact } from './components/RecordAfterTheFact';
