import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { InvitationRole } from '@klaster/domain';
import { IDENTITY_SETTINGS } from './sessions.service';
import type { IdentitySettings } from './identity-config';
import { mailText, type MailLocale } from './mail-messages';

export interface InvitationMail {
  to: string;
  locale: MailLocale;
  clusterName: string;
  role: InvitationRole;
  organisation?: string;
  link: string;
  expiresAt: string;
  timeZone: string;
}

/** Invitations by e-mail (nodemailer) when SMTP_URL is set; the address is used to send and not kept. */
@Injectable()
export class InvitationMailer implements OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private readonly transport?: Transporter;
  private readonly from?: string;

  constructor(@Inject(IDENTITY_SETTINGS) settings: IdentitySettings) {
    if (settings.mail) {
      this.transport = nodemailer.createTransport(settings.mail.url);
      this.from = settings.mail.from;
    }
  }

  get enabled(): boolean {
    return this.transport !== undefined;
  }

  /** Sends the invitation; false (and a warning in the log) when it could not be sent: the link is shown all the same. */
  async send(mail: InvitationMail): Promise<boolean> {
    if (!this.transport) return false;
    const { subject, text } = mailText(mail);
    try {
      await this.transport.sendMail({ from: this.from, to: mail.to, subject, text });
      return true;
    } catch (error) {
      this.logger.warn(`an invitation e-mail could not be sent: ${(error as Error).message}`);
      return false;
    }
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}
