import { useIntl } from 'react-intl';
import { ApiError } from '../api-client';

/**
 * A refusal in the person's language: the server's stable `code` from our catalogues when we have
 * it (`error.code.<code>`), otherwise a sentence for its status and the server's own message.
 */
export function useErrorText() {
  const intl = useIntl();
  return (error: unknown): { title: string; detail?: string } => {
    if (!(error instanceof ApiError)) return { title: intl.formatMessage({ id: 'error.network' }) };
    const byCode = error.code ? `error.code.${error.code}` : undefined;
    if (byCode && intl.messages[byCode]) return { title: intl.formatMessage({ id: byCode }), detail: error.body.code ? undefined : error.message };
    const byStatus = `error.status.${error.status}`;
    const title = intl.messages[byStatus] ? intl.formatMessage({ id: byStatus }) : intl.formatMessage({ id: 'error.status.other' }, { status: error.status });
    return { title, detail: error.message };
  };
}
