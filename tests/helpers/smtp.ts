// A real SMTP server for tests (the smtp-server package): it accepts every message, parses it with
// mailparser and keeps it. It can be stopped and started again on the same port (an outage), and
// told to refuse recipients (a permanent failure).
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { freePort } from "./free-port";

export type ReceivedMail = {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  parsed: ParsedMail;
};

export type TestSmtpServer = {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  received: ReceivedMail[];
  /** Resolves once `count` messages matching `match` have arrived (or rejects after `timeoutMs`). */
  waitFor(match: (mail: ReceivedMail) => boolean, options?: { count?: number; timeoutMs?: number }): Promise<ReceivedMail[]>;
  /** Recipients (lower case) answered `550 No such user` at RCPT TO. */
  refuse: Set<string>;
  /** Stops listening; `start()` listens on the same port again. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
};

export async function startTestSmtpServer(options: { port?: number } = {}): Promise<TestSmtpServer> {
  const port = options.port ?? (await freePort());
  const received: ReceivedMail[] = [];
  const refuse = new Set<string>();
  const waiters = new Set<() => void>();

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      // A sender's pooled connections must not keep stop() waiting (the default is 30 s).
      closeTimeout: 500,
      onRcptTo(address, _session, callback) {
        if (refuse.has(address.address.toLowerCase())) {
          const error = Object.assign(new Error("No such user"), { responseCode: 550 });
          return callback(error);
        }
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((parsed) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              messageId: parsed.messageId,
              parsed,
            });
            for (const wake of waiters) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });

  let server: SMTPServer | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      if (server) return resolve(); // already listening: keep the server stop() must close
      server = create();
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      if (!current) return resolve();
      current.close(() => resolve());
    });
  await start();

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received,
    refuse,
    start,
    stop,
    close: stop,
    waitFor(match, { count = 1, timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = received.filter(match);
          if (found.length < count) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`expected ${count} matching message(s) within ${timeoutMs} ms; received ${received.length}: ${received.map((m) => `${m.to.join(",")} "${m.subject}"`).join("; ")}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(wake);
        };
        const wake = () => void check();
        if (!check()) waiters.add(wake);
      });
    },
  };
}
