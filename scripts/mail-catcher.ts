// `npm run mail:catch [-- --port 2525]`: a local SMTP server that accepts every message and prints
// it, for trying the store's email without a mail provider:
//   npm run mail:catch                              (one terminal)
//   SMTP_URL=smtp://127.0.0.1:2525 npm start        (another)
// It listens on 127.0.0.1 only and keeps nothing. A try-out tool, not a mail server.
import { simpleParser } from "mailparser";
import { parseArgs } from "node:util";
import { SMTPServer } from "smtp-server";

const { values } = parseArgs({ options: { port: { type: "string", default: "2525" } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a port number, not ${values.port}`);
  process.exit(2);
}

let count = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        count += 1;
        const to = session.envelope.rcptTo.map((rcpt) => rcpt.address).join(", ");
        console.log(`\n===== message ${count}, ${new Date().toISOString()} =====`);
        console.log(`From:    ${mail.from?.text ?? ""}`);
        console.log(`To:      ${to}`);
        console.log(`Subject: ${mail.subject ?? ""}\n`);
        console.log((mail.text ?? "").trim());
        callback();
      })
      .catch((error: Error) => callback(error));
  },
});
server.on("error", (error) => console.error(`mail:catch: ${error.message}`));
server.listen(port, "127.0.0.1", () => console.log(`Catching mail on smtp://127.0.0.1:${port} (Ctrl+C to stop)`));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.close(() => process.exit(0)));
