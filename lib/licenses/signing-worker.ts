// Signs Verify answers on a worker thread. Ed25519 signing is the single largest CPU cost of a
// Verify call (~25 % of it, profiled under the benchmark's load), and it needs nothing from the
// request's thread: moving it off the event loop lets parsing, SQL and I/O of the next requests
// run meanwhile on another core. Falls back to signing inline if the worker cannot run.
import { sign, type KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";
import { logger } from "../observability/logger";

// Inline source (no separate file), so it works the same in the Next.js bundle and under tsx.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createPrivateKey, sign } = require("node:crypto");
const key = createPrivateKey(workerData.pem);
parentPort.on("message", (body) => {
  let signature = "";
  try {
    signature = sign(null, Buffer.from(body, "utf8"), key).toString("base64");
  } catch {
    // Answered all the same (empty: failed), so the order that matches answers to callers holds.
  }
  parentPort.postMessage(signature);
});
`;

type Pending = { resolve: (signature: string) => void; reject: (error: Error) => void };

/**
 * Messages carry the bare text both ways, no ids: a port delivers in order and the worker answers
 * each message before reading the next, so the n-th signature belongs to the n-th body. (A
 * string is also about a third cheaper to post than an object.)
 */
export class SigningWorker {
  private worker: Worker | null;
  /** Waiting callers, oldest first: `pending[head]` gets the next signature. */
  private pending: Pending[] = [];
  private head = 0;
  /** Set by close(): the thread ends once it has answered what it was given. */
  private closing = false;

  constructor(
    privateKeyPem: string,
    private readonly privateKey: KeyObject,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { pem: privateKeyPem },
      // It holds one key and the message in hand: a small heap keeps its share of RSS small.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 32 },
    });
    this.worker.unref(); // never keeps a CLI or test process alive
    this.worker.on("message", (signature: string) => {
      const next = this.pending[this.head++];
      // Drop the answered prefix now and then, rather than shifting the array on every answer
      // (under steady load the queue is never empty, so waiting for that is not enough).
      if (this.head === this.pending.length || this.head >= 1024) [this.pending, this.head] = [this.pending.slice(this.head), 0];
      if (signature) next?.resolve(signature);
      else next?.reject(new Error("signing worker could not sign"));
      if (this.closing && this.head === this.pending.length) this.stop();
    });
    this.worker.on("error", (error) => this.fail(error));
    this.worker.on("exit", () => this.fail(new Error("signing worker exited")));
  }

  /**
   * The key was rotated out: sign nothing more on the thread, and end it once the bodies already
   * posted are answered (callers holding this key still get their signature, inline from now on).
   */
  close(): void {
    if (!this.worker || this.closing) return;
    this.closing = true;
    if (this.head === this.pending.length) this.stop();
  }

  private stop() {
    const worker = this.worker;
    this.worker = null;
    void worker?.terminate();
  }

  /**
   * Base64 Ed25519 signature of `body`'s UTF-8 bytes. The text is posted, not a Buffer: a small
   * Buffer is a view into Node's shared 8 KiB pool, and posting it copies the whole pool.
   */
  sign(body: string): Promise<string> {
    if (!this.worker || this.closing) return Promise.resolve(sign(null, Buffer.from(body, "utf8"), this.privateKey).toString("base64"));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.worker?.postMessage(body);
    });
  }

  /** The worker is gone: its waiting callers are rejected (signBodyOffThread signs those inline), and sign() signs inline from now on. */
  private fail(error: Error) {
    if (!this.worker) return; // gone already, or stopped on purpose (close)
    this.worker = null;
    logger.child({ component: "signing-worker" }).error({ err: error }, "signing worker stopped; signing inline");
    for (const pending of this.pending.slice(this.head)) pending.reject(error);
    [this.pending, this.head] = [[], 0];
  }
}
