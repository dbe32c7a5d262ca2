export { ErrorAlert } from './ErrorAlert';
export { QueryState } from './QueryState';
export { ConnectionBadge, ConnectionLostBanner } from './ConnectionStatus';
export { PageTitle } from './PageTitle';
export { CommandButton } from './CommandButton';
export { PersonName } from './PersonName';
export { MembersBySector } from './MembersBySector';
export { LanguageSwitch } from './LanguageSwitch';
