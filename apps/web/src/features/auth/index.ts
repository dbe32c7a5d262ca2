export { SignInPage } from './components/SignInPage';
export { DevicesPage } from './components/DevicesPage';
