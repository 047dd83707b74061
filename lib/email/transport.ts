import nodemailer, { type Transporter } from "nodemailer";

/**
 * The SMTP transport for SMTP_URL (smtp://user:pass@host:587 upgrades with STARTTLS when the server
 * offers it; smtps:// is TLS from the start). Timeouts are short: a hung server must not hold a
 * sender's claims for nodemailer's default two minutes.
 */
export function createSmtpTransport(url: string): Transporter {
  const parsed = new URL(url);
  return nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === "smtps:" ? 465 : 587,
    secure: parsed.protocol === "smtps:",
    auth: parsed.username ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    pool: true,
    maxConnections: 3,
  });
}
