// A TCP proxy in front of a real server (PostgreSQL, Redis) that a test turns off and on, to see
// what the store does when that server goes away and comes back without restarting it:
// - stop(): the listener closes and every open connection is destroyed, as when the server is
//   stopped or its host reboots: clients see their connections reset and new ones refused;
// - hold(): connections stay open and new ones are accepted, but nothing is forwarded either way,
//   as when a network path drops packets or a server is frozen: clients wait for an answer;
// - holdWhen(decide): hold() at a chosen point of what clients send (a statement, a COMMIT), to
//   freeze a client in the middle of its work (the test then kills it, or lets it go on);
// - start() / release(): back to forwarding (held bytes are delivered then, in order).
import { createConnection, createServer, type Server, type Socket } from "node:net";

export type TcpProxy = {
  /** The port the proxy listens on (the same one after stop() and start()). */
  port: number;
  /** The target URL with its host and port replaced by the proxy's (credentials and path kept). */
  urlFor(targetUrl: string): string;
  /** Closes the listener and destroys every connection: from now on connections are refused. */
  stop(): Promise<void>;
  /** Listens again on the same port and forwards. */
  start(): Promise<void>;
  /** Keeps every connection open, accepts new ones, and forwards nothing until release(). */
  hold(): void;
  /**
   * Looks at every chunk a client sends while forwarding: "hold" holds it and everything after,
   * "pass-then-hold" forwards it and holds everything after (its answer included), "pass" goes on.
   * Cleared by release().
   */
  holdWhen(decide: (chunk: Buffer) => HoldVerdict): void;
  /** Whether a hold is in force (by hold() or by holdWhen's decision). */
  holding(): boolean;
  /** Forwards again, delivering what was held. */
  release(): void;
  /** Open client connections. */
  connections(): number;
  /** Stops for good. */
  close(): Promise<void>;
};

export type HoldVerdict = "pass" | "hold" | "pass-then-hold";

type Pair = { client: Socket; upstream: Socket; held: { toUpstream: Buffer[]; toClient: Buffer[] } };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let holding = false;
  let decide: ((chunk: Buffer) => HoldVerdict) | undefined;
  let server: Server | undefined;

  const forward = (from: Socket, to: Socket, queue: Buffer[], fromClient: boolean) => {
    from.on("data", (chunk: Buffer) => {
      const verdict = !holding && fromClient && decide ? decide(chunk) : "pass";
      if (verdict !== "pass") holding = true;
      if (holding && verdict !== "pass-then-hold") queue.push(chunk);
      else to.write(chunk);
    });
  };

  const onConnection = (client: Socket) => {
    const upstream = createConnection({ host: target.host, port: target.port });
    const pair: Pair = { client, upstream, held: { toUpstream: [], toClient: [] } };
    pairs.add(pair);
    forward(client, upstream, pair.held.toUpstream, true);
    forward(upstream, client, pair.held.toClient, false);
    // One side closing or failing closes the other, as the real server's socket would.
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    for (const socket of [client, upstream]) socket.on("error", end).on("close", end);
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer(onConnection);
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        server = next;
        const address = next.address();
        resolve(typeof address === "object" && address ? address.port : port);
      });
    });

  const port = await listen(0);

  const stop = async () => {
    const closing = server;
    server = undefined;
    for (const pair of pairs) {
      pair.client.destroy();
      pair.upstream.destroy();
    }
    pairs.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  return {
    port,
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    stop,
    async start() {
      holding = false;
      if (!server) await listen(port);
    },
    hold() {
      holding = true;
    },
    holdWhen(decider) {
      decide = decider;
    },
    holding: () => holding,
    release() {
      holding = false;
      decide = undefined;
      for (const pair of pairs) {
        for (const chunk of pair.held.toUpstream.splice(0)) pair.upstream.write(chunk);
        for (const chunk of pair.held.toClient.splice(0)) pair.client.write(chunk);
      }
    },
    connections: () => pairs.size,
    close: stop,
  };
}
