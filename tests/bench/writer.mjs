// One writer client of the sync benchmark, run in its own worker thread by sync-bench.mjs.
//
// Why a thread per client: automerge-repo's client side costs a few milliseconds of CPU per
// change, so with every client on the main thread the benchmark would measure that one thread
// rather than the server. As threads, the clients can use whatever CPU the server leaves free.
//
// Protocol with the main thread:
//   worker → main  { type: "ready" }            joined the server (join/peer handshake done)
//   main → worker  { type: "go" }               create the documents and write
//   worker → main  { type: "written", urls }    all changes applied locally
//   main → worker  { type: "stop" }             disconnect and exit...
//   worker → main  { type: "stopped", drops }   ...after reporting how often the server dropped us
import { parentPort, workerData } from "node:worker_threads";
import { setTimeout as sleep } from "node:timers/promises";
import { Repo } from "@automerge/automerge-repo";
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";

const { url, docs, changes, connectTimeoutMs } = workerData;

// A client as the browser app has it: a Repo without storage, on one WebSocket.
const adapter = new BrowserWebSocketClientAdapter(url);
const repo = new Repo({ network: [adapter] });
// A dropped connection (the adapter reconnects by itself after 5 s) skews the figures: count them.
let drops = 0;
adapter.on("peer-disconnected", () => drops++);

const deadline = Date.now() + connectTimeoutMs;
while (repo.peers.length === 0) {
  if (Date.now() > deadline) throw new Error(`no join/peer handshake with ${url} within ${connectTimeoutMs / 1000}s`);
  await sleep(5);
}
parentPort.postMessage({ type: "ready" });

parentPort.on("message", async (msg) => {
  if (msg.type === "go") {
    parentPort.postMessage({ type: "written", urls: await write() });
  } else if (msg.type === "stop") {
    parentPort.postMessage({ type: "stopped", drops }); // before shutdown, which disconnects too
    await repo.shutdown();
    parentPort.close(); // lets the thread end
  }
});

/** Creates the documents and applies the changes to each; returns the documents' URLs. */
async function write() {
  const handles = Array.from({ length: docs }, () => repo.create({ count: 0, items: [], note: "" }));
  for (let i = 1; i <= changes; i++) {
    for (const handle of handles) {
      handle.change((d) => {
        d.count += 1;
        d.items.push(i);
        d.note = `change ${i}`;
      });
    }
    // Yield so the repo can ship sync messages while we write; it batches local changes per
    // document (at most one outgoing sync message every 100 ms), so this is as fast as it allows.
    await new Promise((ok) => setImmediate(ok));
  }
  return handles.map((h) => h.url);
}
