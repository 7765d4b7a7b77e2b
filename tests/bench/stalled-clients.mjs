// Ten clients that stop reading while a writer pushes 64 KB session messages to their
// document (1500 of them, 94 MiB each): the relay's RSS before and after, and how many it
// dropped. Not part of `cargo xtask bench`; run from tests/ with a built relay:
//   node bench/stalled-clients.mjs ../target/debug/sportello-relay [relay flags...]
// e.g. `--outgoing-queue 100000000 --ping-interval 3600` for the relay without the bound.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { encode, decode } from "cbor-x";
import * as Automerge from "@automerge/automerge";

const bin = process.argv[2];
const extra = process.argv.slice(3);
const data = mkdtempSync(join(tmpdir(), "wire-measure-"));
const relay = spawn(bin, ["--listen", "127.0.0.1:0", "--data-dir", data, "--dist", data, "--demo", ...extra], { env: { ...process.env, RUST_LOG: "warn" } });
let log = "";
relay.stderr.on("data", (d) => (log += d));
const port = await new Promise((ok) => relay.stdout.on("data", (d) => { const m = /listening on http:\/\/127.0.0.1:(\d+)/.exec(String(d)); if (m) ok(m[1]); }));
const base = `http://127.0.0.1:${port}`;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${relay.pid}/status`, "utf8"))[1]) / 1024;
const login = await (await fetch(`${base}/api/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username: "operatore.bari", password: "demo-bari" }) })).json();
const board = login.documents.board.replace("automerge:", "");
const EMPTY = Automerge.generateSyncMessage(Automerge.init(), Automerge.initSyncState())[1];
async function peer(name) {
  const { ticket } = await (await fetch(`${base}/api/sync-ticket`, { method: "POST", headers: { authorization: `Bearer ${login.token}` } })).json();
  const ws = new WebSocket(`ws://127.0.0.1:${port}/sync?ticket=${ticket}`);
  await new Promise((ok) => ws.once("open", ok));
  const hello = new Promise((ok) => ws.once("message", (m) => ok(decode(m))));
  ws.send(encode({ type: "join", senderId: name, supportedProtocolVersions: ["1"], peerMetadata: { isEphemeral: true } }));
  const relayId = (await hello).senderId;
  ws.send(encode({ type: "request", senderId: name, targetId: relayId, documentId: board, data: EMPTY }));
  return { ws, relayId };
}
const writer = await peer("writer");
const stalled = [];
for (let i = 0; i < 10; i++) stalled.push(await peer(`stalled-${i}`));
await new Promise((r) => setTimeout(r, 500));
for (const s of stalled) s.ws._socket.pause(); // stop reading
const before = rss();
const payload = new Uint8Array(64 * 1024).fill(7);
let open = true;
writer.ws.on("close", () => (open = false));
for (let n = 1; n <= 1500 && open; n++) {
  writer.ws.send(encode({ type: "ephemeral", senderId: "writer", targetId: writer.relayId, documentId: board, sessionId: "s", count: n, data: payload }));
  if (n % 50 === 0) await new Promise((r) => setTimeout(r, 20));
}
await new Promise((r) => setTimeout(r, 3000));
const after = rss();
const dropped = (log.match(/client not reading/g) || []).length;
console.log(JSON.stringify({ before_mib: before.toFixed(0), after_mib: after.toFixed(0), pushed_mib: (1500 * 64 / 1024).toFixed(0), dropped_logged: dropped, writer_open: open }));
relay.kill();
process.exit(0);
