// A password for a command-line tool, never from argv (every user of the machine sees argv in
// `ps`, and the shell keeps it in its history): at a terminal, a prompt that echoes nothing; from
// a pipe, the first line of stdin (`printf '%s\n' "$PASSWORD" | npm run -s admin:create -- …`).

/** Longer input is refused rather than read without end; passwords stop at 200 characters anyway. */
const MAX_INPUT_BYTES = 64 * 1024;

export class PasswordInputError extends Error {}

/** The first line of piped stdin, without its line ending. */
async function readFirstLine(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) throw new PasswordInputError(`stdin is longer than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(buffer);
    if (buffer.includes(0x0a)) break;
  }
  return (Buffer.concat(chunks).toString("utf8").split("\n")[0] ?? "").replace(/\r$/, "");
}

/** Prompts on stderr (stdout stays for results) and reads keystrokes with echo off. */
function promptHidden(prompt: string, stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = "";
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write("\n");
      if (error) reject(error);
      else resolve(value);
    };
    function onData(keys: string) {
      for (const key of keys) {
        if (key === "\r" || key === "\n" || key === "\u0004") return finish();
        if (key === "\u0003") return finish(new PasswordInputError("Cancelled"));
        if (key === "\u007f" || key === "\b") value = value.slice(0, -1);
        else if (key >= " ") value += key;
        if (value.length > MAX_INPUT_BYTES) return finish(new PasswordInputError("The password is too long"));
      }
    }
    stdin.on("data", onData);
  });
}

/**
 * The password: asked for twice at a terminal (a typo would otherwise lock the operator out),
 * or the first line of stdin when it is a pipe or a file.
 */
export async function readPassword(prompt: string, stdin = process.stdin, stderr = process.stderr): Promise<string> {
  if (!stdin.isTTY) return readFirstLine(stdin);
  const first = await promptHidden(prompt, stdin, stderr);
  const second = await promptHidden("Type it again: ", stdin, stderr);
  if (first !== second) throw new PasswordInputError("The two passwords differ");
  return first;
}
