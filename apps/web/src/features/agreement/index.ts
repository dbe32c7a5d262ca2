export { AgreementPage } from './components/AgreementPage';
