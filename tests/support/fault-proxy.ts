// A fixed address in front of a backend that tests can take down, slow down or make fail, and bring back:
// the app under test keeps one URL while the backend behind it crashes, restarts on another port, or misbehaves.
import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault =
  | { kind: "none" }
  /** Nothing listens on the port: connections are refused. */
  | { kind: "down" }
  | { kind: "slow"; delayMs: number }
  | { kind: "error"; status: number };

export interface FaultProxy {
  url: string;
  /** Requests that reached the proxy while it was listening. */
  hits(): number;
  set(fault: Fault): Promise<void>;
  /** Where requests go from now on (a restarted backend listens on a new port). */
  retarget(url: string): void;
  stop(): Promise<void>;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  let backend = new URL(target);
  let fault: Fault = { kind: "none" };
  let hits = 0;

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const upstream = request(
      {
        host: backend.hostname,
        port: backend.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: backend.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { "Content-Type": "text/plain" });
      outgoing.end("backend unreachable");
    });
    incoming.pipe(upstream);
  };

  const server = createServer((incoming, outgoing) => {
    hits += 1;
    const current = fault;
    // Preflights still pass and errors carry CORS headers, so a browser sees the status as it would from Tinybird.
    if (current.kind === "error" && incoming.method !== "OPTIONS") {
      incoming.resume();
      outgoing.writeHead(current.status, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
      outgoing.end(JSON.stringify({ error: `fault proxy: answering ${current.status}` }));
    } else if (current.kind === "slow") {
      setTimeout(() => forward(incoming, outgoing), current.delayMs);
    } else {
      forward(incoming, outgoing);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });

  return {
    url: `http://127.0.0.1:${port}`,
    hits: () => hits,
    set: async (next) => {
      fault = next;
      if (next.kind === "down") await close();
      else if (!server.listening) await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    retarget: (url) => {
      backend = new URL(url);
    },
    stop: close,
  };
}
