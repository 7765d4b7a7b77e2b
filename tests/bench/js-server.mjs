// Minimal automerge-repo sync server built only from the official packages: the baseline
// ("Target A") of the sync benchmark. It behaves like automerge-repo-sync-server: a Repo with a
// WebSocket server adapter and file-system storage, relaying documents to whoever asks for them.
//
//   node bench/js-server.mjs [port] [data-dir]
//
// port 0 (the default) picks a free port. Without a data dir it uses a fresh temporary one and
// removes it on exit. Once ready it prints exactly `listening on http://127.0.0.1:PORT`.
import http from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Repo } from "@automerge/automerge-repo";
import { NodeWSServerAdapter } from "@automerge/automerge-repo-network-websocket";
import { NodeFSStorageAdapter } from "@automerge/automerge-repo-storage-nodefs";

// `ws` is a dependency of the websocket adapter, not of this project: resolve it from there
// (rather than from package.json) so we use exactly the copy the adapter uses.
const requireFromAdapter = createRequire(import.meta.resolve("@automerge/automerge-repo-network-websocket"));
const { WebSocketServer } = requireFromAdapter("ws");

const port = Number(process.argv[2] ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`usage: js-server.mjs [port] [data-dir] (bad port: ${process.argv[2]})`);
  process.exit(2);
}
const ownDataDir = process.argv[3] === undefined;
const dataDir = process.argv[3] ?? mkdtempSync(join(tmpdir(), "sportello-js-server-"));

// noServer: we hand every upgrade to the WebSocket server ourselves, whatever its path and query
// string (clients of the Rust relay connect to `/sync?ticket=...`; a `path` option would reject that).
const wss = new WebSocketServer({ noServer: true });

const repo = new Repo({
  network: [new NodeWSServerAdapter(wss)],
  storage: new NodeFSStorageAdapter(dataDir),
  peerId: `js-sync-server-${process.pid}`,
  // Like automerge-repo-sync-server: never announce documents to peers (otherwise every client
  // would be pushed every document), but still sync a document with any peer that has sent a
  // `request` or `sync` for it. That is what makes it a relay.
  sharePolicy: async () => false,
});

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain" });
  res.end("automerge-repo sync server (benchmark baseline)\n");
});
server.on("upgrade", (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
});

// The Repo attaches its adapter to the WebSocket server asynchronously (after setting up its
// storage): listen only then, or the first connections are accepted and never answered.
while (wss.listenerCount("connection") === 0) await new Promise((ok) => setTimeout(ok, 5));
server.listen(port, "127.0.0.1", () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}`);
});

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  wss.close();
  server.close();
  try {
    await repo.shutdown(); // disconnects peers and flushes storage
  } finally {
    if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
