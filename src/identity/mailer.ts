// Outgoing e-mail (sign-in links): SMTP through nodemailer when SMTP_URL is set, else the server log.
import nodemailer from "nodemailer";
import type { Config } from "../config.ts";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

interface Log {
  warn(object: Record<string, unknown>, message: string): void;
}

export function createMailer(config: Pick<Config, "smtpUrl" | "mailFrom">, log: Log): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      async send(message) {
        await transport.sendMail({ from: config.mailFrom, ...message });
      },
    };
  }
  return {
    async send(message) {
      // No SMTP configured (local use): the operator reads the link from the log and passes it on.
      log.warn(
        { mail: { to: message.to, subject: message.subject, text: message.text } },
        "SMTP_URL is not set: this e-mail was not sent, here it is instead",
      );
    },
  };
}
