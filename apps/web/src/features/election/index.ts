export { ElectionPage } from './components/ElectionPage';
export { ElectionList } from './components/ElectionList';
