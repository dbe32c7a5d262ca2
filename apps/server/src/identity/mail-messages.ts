import type { InvitationRole } from '@klaster/domain';
import type { InvitationMail } from './invitation-mail';

export type MailLocale = 'pl' | 'en';

/** The invitation e-mail's text, in Polish and English (the web page's catalogues are the browser's). */
const messages = {
  pl: {
    subject: (c: string) => `Zaproszenie do klastra ${c}`,
    role: { representative: (o?: string) => `do reprezentowania ${o ?? 'członka'} w klastrze`, auditor: () => 'do pełnienia funkcji audytora klastra', registrar: () => 'do prowadzenia rejestru klastra' },
    body: (c: string, role: string, link: string, until: string) =>
      `Dzień dobry,\n\nkoordynator klastra ${c} zaprasza Panią/Pana ${role}.\n\nAby przyjąć zaproszenie, otwórz ten link na swoim telefonie lub komputerze i zarejestruj klucz dostępu (passkey):\n${link}\n\nLink działa jeden raz, do ${until}. Jeśli nie spodziewasz się tego zaproszenia, zignoruj tę wiadomość.\n\nKlaster`,
  },
  en: {
    subject: (c: string) => `Invitation to the cluster ${c}`,
    role: { representative: (o?: string) => `to represent ${o ?? 'a member'} in the cluster`, auditor: () => 'to audit the cluster', registrar: () => "to keep the cluster's register" },
    body: (c: string, role: string, link: string, until: string) =>
      `Hello,\n\nthe coordinator of the cluster ${c} invites you ${role}.\n\nTo accept, open this link on your phone or computer and register a passkey:\n${link}\n\nThe link works once, until ${until}. If you did not expect this invitation, ignore this message.\n\nKlaster`,
  },
} as const;

export function mailText(mail: InvitationMail): { subject: string; text: string } {
  const m = messages[mail.locale];
  const role = (m.role[mail.role as InvitationRole] as (o?: string) => string)(mail.organisation);
  const until = new Intl.DateTimeFormat(mail.locale === 'pl' ? 'pl-PL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: mail.timeZone }).format(new Date(mail.expiresAt));
  return { subject: m.subject(mail.clusterName), text: m.body(mail.clusterName, role, mail.link, until) };
}
