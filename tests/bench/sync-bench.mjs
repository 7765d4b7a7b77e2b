// Sync benchmark: runs the same automerge-repo workload against two sync servers, one after the
// other in a single run, and prints throughput and server memory side by side.
//
//   node bench/sync-bench.mjs [--clients N] [--docs M] [--changes K] [--timeout SECONDS]
//                             [--targets js,relay] [--rounds R=3] [--scenarios ...]
//
// Every scenario runs R rounds (the two targets alternate which goes first); each figure printed
// is the median of the rounds with the spread (lowest–highest) next to it, and the ratio of the
// medians. CPU is the server process's user+system time, never wall time.
//
// Target A ("js"): bench/js-server.mjs, the official automerge-repo packages as a sync server.
// Target B ("relay"): the Rust relay binary from $SPORTELLO_RELAY_BIN
//                     (default ../target/relay/sportello-relay, relative to tests/).
//
// Workload: N writer clients (automerge-repo Repo + BrowserWebSocketClientAdapter, no storage,
// like the browser app; one worker thread each, see writer.mjs) each create M documents and
// apply K small changes to each. Completion is judged from the server's side: once the writers
// are done, a fresh reader client that knows nothing but the document URLs fetches every
// document from the server, and the run ends when all of them show all K changes.
// Nothing passes or fails on the figures; the exit status is non-zero only on a real error (a
// server that fails to start, a run that never converges, ...).
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";
import { setTimeout as sleep } from "node:timers/promises";
import { createRequire } from "node:module";
import * as A from "@automerge/automerge";
import { Repo, generateAutomergeUrl, parseAutomergeUrl } from "@automerge/automerge-repo";
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { Encoder } from "cbor-x";

// The `ws` client that automerge-repo's adapter uses (as js-server.mjs does for its server).
const WebSocket = createRequire(import.meta.resolve("@automerge/automerge-repo-network-websocket"))("ws");

const here = dirname(fileURLToPath(import.meta.url));
const JS_SERVER = join(here, "js-server.mjs");
const WRITER = join(here, "writer.mjs");
const RELAY_BIN = process.env.SPORTELLO_RELAY_BIN ?? resolve(here, "../../target/relay/sportello-relay");
const DEMO_LOGIN = { username: "operatore.bari", password: "demo-bari" };
const SERVER_START_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 15_000;
const SERVER_STOP_GRACE_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// Options

const { values: flags } = parseArgs({
  options: {
    clients: { type: "string", default: "8" },
    docs: { type: "string", default: "10" },
    changes: { type: "string", default: "50" },
    timeout: { type: "string", default: "120" },
    targets: { type: "string", default: "js,relay" },
    rounds: { type: "string", default: "3" },
    scenarios: { type: "string", default: "sync,idle,fanout,history,many" },
    "idle-clients": { type: "string", default: "1000" },
    "fanout-clients": { type: "string", default: "200" },
    "fanout-edits": { type: "string", default: "20" },
    history: { type: "string", default: "10000" },
    // 5,000: the JS server gives up past about 10,000 new documents with 50 in flight per
    // connection (a round then waits for the timeout); `--many-docs 20000` still runs it.
    "many-docs": { type: "string", default: "5000" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (flags.help) {
  console.log(
    "usage: node bench/sync-bench.mjs [--clients N=8] [--docs M=10] [--changes K=50]\n" +
      "                                 [--timeout SECONDS=120] [--targets js,relay] [--rounds R=3]\n" +
      "                                 [--scenarios sync,idle,fanout,history,many] [--many-docs N=5000]\n" +
      "env: SPORTELLO_RELAY_BIN (default target/relay/sportello-relay), RUST_LOG (default warn)",
  );
  process.exit(0);
}
const positiveInt = (name) => {
  const n = Number(flags[name]);
  if (!Number.isInteger(n) || n < 1) usageError(`--${name} must be a positive integer, got ${flags[name]}`);
  return n;
};
const opts = {
  clients: positiveInt("clients"),
  docs: positiveInt("docs"),
  changes: positiveInt("changes"),
  timeoutMs: positiveInt("timeout") * 1000,
  rounds: positiveInt("rounds"),
  idleClients: positiveInt("idle-clients"),
  fanoutClients: positiveInt("fanout-clients"),
  fanoutEdits: positiveInt("fanout-edits"),
  history: positiveInt("history"),
  manyDocs: positiveInt("many-docs"),
};
const scenarios = flags.scenarios.split(",").map((s) => s.trim());
const wanted = flags.targets.split(",").map((s) => s.trim());

function usageError(message) {
  console.error(`sync-bench: ${message}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------
// Process hygiene: whatever happens, spawned servers die and temp dirs go away with us.

/** @type {Set<import("node:child_process").ChildProcess>} */
const liveChildren = new Set();
/** @type {Set<string>} */
const tempDirs = new Set();
/**
 * Per target: { runs: [result...], skipped?: reason, error?: message }. Module-level so that a
 * fatal error can still print what was measured.
 */
const outcomes = new Map();
/** What the bench is doing right now, to make fatal errors readable. */
let phase = "starting";
const benchStart = performance.now();

process.on("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
process.on("SIGINT", () => process.exit(130));
process.on("SIGTERM", () => process.exit(143));
// automerge-repo's WebSocket client throws from inside socket event handlers (for instance when
// a server rejects the upgrade or resets the connection), which surfaces as an uncaught exception.
// While clients are being stopped (after the figures were taken), such a throw is the client
// library's, not the server's: it is counted and reported, and the run goes on.
let stoppingClients = 0;
const clientErrors = [];
const fatal = (err) => {
  if (stoppingClients > 0) {
    clientErrors.push(`${phase}: ${err?.message ?? err}`);
    return;
  }
  printReport();
  console.error(`\nsync-bench: FAILED while ${phase}: ${err?.stack ?? err}`);
  process.exit(1);
};
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);

function makeTempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Thrown by a target that cannot be measured in this environment (not a failure). */
class SkipTarget extends Error {}

// ---------------------------------------------------------------------------------------------
// Spawned servers

/**
 * Spawns a server and waits for its `listening on http://127.0.0.1:PORT` line.
 * @returns {Promise<{ port: number, pid: number, stop: () => Promise<void> }>}
 */
async function spawnServer(label, command, args, env = process.env) {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], env });
  liveChildren.add(child);
  // Keep draining both pipes for the whole run: a full pipe would stall the server.
  const stderrTail = [];
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 50) stderrTail.shift();
  });
  const exited = new Promise((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
  exited.then(() => liveChildren.delete(child));

  const port = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(
      () => fail(new Error(`${label} did not print its listening line within ${SERVER_START_TIMEOUT_MS / 1000}s`)),
      SERVER_START_TIMEOUT_MS,
    );
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      out += chunk;
      const m = out.match(/^listening on http:\/\/127\.0\.0\.1:(\d+)$/m);
      if (m) {
        clearTimeout(timer);
        ok(Number(m[1]));
      }
    });
    child.once("error", (err) => {
      clearTimeout(timer);
      fail(new Error(`${label} could not be spawned: ${err.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      const stderr = stderrTail.join("").trim();
      fail(new Error(`${label} exited (${signal ?? code}) before listening${stderr ? `; its stderr:\n${stderr}` : ""}`));
    });
  }).catch((err) => {
    child.kill("SIGKILL");
    throw err;
  });

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), SERVER_STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };
  return { port, pid: child.pid, stop };
}

/** Current and peak resident set size of a process, in KiB, from /proc/<pid>/status. */
function readMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
  return { rssKiB: kib("VmRSS"), peakKiB: kib("VmHWM") };
}

/** The threads a process has now, from /proc/<pid>/status. */
function readThreads(pid) {
  return Number(readFileSync(`/proc/${pid}/status`, "utf8").match(/^Threads:\s+(\d+)/m)?.[1] ?? NaN);
}

/** CPU time (user + system, all threads) a process has used so far, in seconds. */
function readCpuSeconds(pid) {
  // Fields after the command name, which is parenthesised and may contain spaces.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const CLOCK_TICKS = 100; // USER_HZ, 100 on every Linux we run on
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
}

// ---------------------------------------------------------------------------------------------
// Targets: each is { name, start(): { wsUrl, pid, stop(), clientUrl?(token?), login?() } }.
// clientUrl() (optional) returns the URL one client should use (signed in as `token`, from
// login(), if given), for servers that need a
// per-client login; without it every client uses wsUrl.

const jsTarget = {
  name: "js",
  letter: "A",
  label: "JS (automerge-repo)",
  async start() {
    const dataDir = makeTempDir("sportello-bench-js-");
    const server = await spawnServer("JS server", process.execPath, [JS_SERVER, "0", dataDir]).catch((err) => {
      removeTempDir(dataDir);
      throw err;
    });
    return {
      // Same URL shape as the relay's, to prove the server accepts any path and query string.
      wsUrl: `ws://127.0.0.1:${server.port}/sync?ticket=unused`,
      pid: server.pid,
      async stop() {
        await server.stop();
        removeTempDir(dataDir);
      },
    };
  },
};

const relayTarget = {
  name: "relay",
  letter: "B",
  label: "Rust relay",
  async start({ relayArgs = [] } = {}) {
    if (!existsSync(RELAY_BIN)) {
      throw new SkipTarget(`relay binary not found at ${RELAY_BIN} (build it or set SPORTELLO_RELAY_BIN)`);
    }
    const dataDir = makeTempDir("sportello-bench-relay-data-");
    const distDir = makeTempDir("sportello-bench-relay-dist-");
    // Per-message logging would skew the figures; RUST_LOG still wins if set.
    const env = { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "warn" };
    // An older relay (a baseline build) may lack a flag: it then runs without it.
    const help = execFileSync(RELAY_BIN, ["--help"], { encoding: "utf8" });
    const known = relayArgs.filter((arg, i) => (arg.startsWith("--") ? help.includes(arg) : help.includes(relayArgs[i - 1])));
    const args = ["--listen", "127.0.0.1:0", "--data-dir", dataDir, "--dist", distDir, "--demo", ...known];
    const server = await spawnServer("Rust relay", RELAY_BIN, args, env).catch((err) => {
      removeTempDir(dataDir);
      removeTempDir(distDir);
      throw err;
    });
    const stop = async () => {
      await server.stop();
      removeTempDir(dataDir);
      removeTempDir(distDir);
    };
    const base = `127.0.0.1:${server.port}`;
    // The relay takes a one-time ticket per socket, never the token in the URL.
    const login = () => relayLogin(`http://${base}`);
    // `token`: one signed in earlier (a sign-in costs an argon2 check; the sync figures do not
    // count it, as the JS server has no sign-in).
    const clientUrl = async (token) => {
      token ??= await login();
      const res = await fetch(`http://${base}/api/sync-ticket`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new SkipTarget(`sync ticket refused: ${res.status}`);
      const { ticket } = await res.json();
      return `ws://${base}/sync?ticket=${encodeURIComponent(ticket)}`;
    };
    try {
      await clientUrl(); // fail (skip) early if login does not work at all
    } catch (err) {
      await stop();
      throw err;
    }
    return { wsUrl: `ws://${base}/sync`, pid: server.pid, stop, clientUrl, login };
  },
};

/** Logs in as the demo operator; any failure means the relay cannot be measured (yet). */
async function relayLogin(baseUrl) {
  let res;
  try {
    res = await fetch(`${baseUrl}/api/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(DEMO_LOGIN),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (err) {
    throw new SkipTarget(`login request failed: ${err.message}`);
  }
  const body = await res.text();
  if (!res.ok) throw new SkipTarget(`login failed: HTTP ${res.status} ${body.slice(0, 200)}`);
  let token;
  try {
    token = JSON.parse(body).token;
  } catch {
    // handled below
  }
  if (typeof token !== "string" || token === "") {
    throw new SkipTarget(`login response has no token: ${body.slice(0, 200)}`);
  }
  return token;
}

// ---------------------------------------------------------------------------------------------
// Workload

/**
 * The reader: a client as the browser app has it, a Repo without storage, on one WebSocket.
 * stop() disconnects it and resolves to the number of connections the server dropped.
 */
function startReader(url) {
  const adapter = new BrowserWebSocketClientAdapter(url);
  const repo = new Repo({ network: [adapter] });
  let drops = 0;
  adapter.on("peer-disconnected", () => drops++);
  let stopped;
  const stop = () => {
    stopped ??= (async () => {
      const seen = drops; // before shutdown, which disconnects too
      await repo.shutdown();
      return seen;
    })();
    return stopped;
  };
  return { repo, stop };
}

/** Resolves once the client has completed the join/peer handshake with the server. */
async function waitForServerPeer(repo, url) {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  while (repo.peers.length === 0) {
    if (Date.now() > deadline) {
      throw new Error(`no join/peer handshake with ${url} within ${CONNECT_TIMEOUT_MS / 1000}s`);
    }
    await sleep(5);
  }
}

/**
 * Starts one writer client (bench/writer.mjs) in a worker thread. Its methods reject if the
 * thread fails (for instance when its WebSocket client throws).
 */
function startWriter(url) {
  const { docs, changes } = opts;
  const worker = new Worker(WRITER, {
    workerData: { url, docs, changes, connectTimeoutMs: CONNECT_TIMEOUT_MS },
    stdout: true, // automerge-repo logs to the console; keep stdout for the report
  });
  worker.stdout.on("data", (chunk) => process.stderr.write(chunk)); // (pipe() would pile up listeners)
  let stopping = false;
  const exited = new Promise((ok) => worker.once("exit", ok));
  const failed = new Promise((_, fail) => {
    worker.once("error", (err) => fail(new Error(`writer thread for ${url} failed: ${err.message}`)));
    exited.then((code) => !stopping && fail(new Error(`writer thread for ${url} exited early (code ${code})`)));
  });
  failed.catch(() => {}); // observed through next(); never unhandled
  const next = (type) =>
    Promise.race([
      new Promise((ok) => {
        const onMessage = (msg) => {
          if (msg.type !== type) return;
          worker.off("message", onMessage);
          ok(msg);
        };
        worker.on("message", onMessage);
      }),
      failed,
    ]);
  const ready = next("ready");
  let stopped;
  return {
    ready,
    async write() {
      worker.postMessage({ type: "go" });
      return (await next("written")).urls;
    },
    /** Disconnects and ends the thread; resolves to the number of dropped connections. */
    stop() {
      stopped ??= (async () => {
        const report = next("stopped").catch(() => ({ drops: NaN }));
        stopping = true;
        worker.postMessage({ type: "stop" });
        const timer = setTimeout(() => worker.terminate(), SERVER_STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
        // The report arrives before the exit; a terminated (stuck) thread never sends it.
        return (await Promise.race([report, { drops: NaN }])).drops;
      })();
      return stopped;
    },
  };
}

const isComplete = (doc, changes) => doc?.count === changes && doc.items?.length === changes;

/**
 * Fetches every document through `reader` and resolves when all show `changes` changes.
 * Rejects at `deadline` with a description of what is still missing.
 */
async function waitConverged(reader, urls, changes, deadline) {
  const state = new Map(urls.map((url) => [url, "not found yet"]));
  const untilDeadline = () => Math.max(0, deadline - Date.now());
  const timeoutError = () => {
    const [url, what] = state.entries().next().value ?? ["-", "-"];
    return new Error(
      `did not converge within ${opts.timeoutMs / 1000}s: ${state.size} of ${urls.length} documents ` +
        `incomplete at the reader (expected ${changes} changes; e.g. ${url}: ${what})`,
    );
  };

  const converge = async (url) => {
    // find() rejects if the server answers doc-unavailable (it may not have the document yet);
    // the handle can still become ready later, so keep asking until the deadline.
    let handle;
    while (!handle) {
      try {
        handle = await reader.find(url, { signal: AbortSignal.timeout(untilDeadline()) });
      } catch (err) {
        state.set(url, `find failed: ${err.message}`);
        if (untilDeadline() === 0) throw timeoutError();
        await sleep(50);
      }
    }
    // Then wait, event-driven, until the server has relayed every change.
    await new Promise((ok) => {
      const check = () => {
        const doc = handle.doc();
        state.set(url, `count ${doc?.count}, items ${doc?.items?.length}`);
        if (isComplete(doc, changes)) {
          handle.off("change", check);
          state.delete(url);
          ok();
        }
      };
      handle.on("change", check);
      check();
    });
  };

  let timer;
  const timedOut = new Promise((_, fail) => {
    timer = setTimeout(() => fail(timeoutError()), untilDeadline());
  });
  try {
    await Promise.race([Promise.all(urls.map(converge)), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs every stopper (each resolves to a count of dropped connections, NaN if it failed):
 * a client that throws while stopping costs its count, never the round's figures.
 */
async function stopAll(stoppers) {
  stoppingClients++;
  try {
    return await Promise.all(
      stoppers.map((stop) =>
        Promise.resolve()
          .then(stop)
          .catch((err) => {
            clientErrors.push(`${phase}: ${err?.message ?? err}`);
            return NaN;
          }),
      ),
    );
  } finally {
    // Errors thrown from socket handlers just after the stop still count as the clients'.
    await sleep(200);
    stoppingClients--;
  }
}

async function runTarget(target) {
  const { clients, docs, changes } = opts;
  phase = `starting ${target.label}`;
  const server = await target.start();
  /** Stops the clients started so far; each resolves to its count of dropped connections. */
  const stoppers = [];
  try {
    phase = `logging in ${target.label} clients`;
    const urlFor = () => (server.clientUrl ? server.clientUrl() : server.wsUrl);
    const writerUrls = [];
    for (let i = 0; i < clients; i++) writerUrls.push(await urlFor());
    // The reader signs in now, outside the CPU window; its ticket (30 s) is fetched later.
    const readerToken = await server.login?.();
    const idle = readMemory(server.pid);
    const cpuBefore = readCpuSeconds(server.pid);

    phase = `connecting ${target.label} writers`;
    const writers = writerUrls.map(startWriter);
    stoppers.push(...writers.map((w) => () => w.stop()));
    await Promise.all(writers.map((w) => w.ready));

    // The clock runs from the first document created to the last change seen by the reader.
    phase = `writing to ${target.label}`;
    const start = performance.now();
    const deadline = Date.now() + opts.timeoutMs;
    const urls = (await Promise.all(writers.map((w) => w.write()))).flat();
    const written = performance.now();

    // A ticket lives 30 s, so the reader's is fetched now; the clock does not count it.
    const fetching = performance.now();
    const readerUrl = server.clientUrl ? await server.clientUrl(readerToken) : server.wsUrl;
    const fetchMs = performance.now() - fetching;

    phase = `reading back from ${target.label}`;
    const reader = startReader(readerUrl);
    stoppers.push(reader.stop);
    await waitForServerPeer(reader.repo, readerUrl);
    await waitConverged(reader.repo, urls, changes, deadline);
    const end = performance.now();

    const after = readMemory(server.pid);
    const cpuSeconds = readCpuSeconds(server.pid) - cpuBefore;
    phase = `stopping ${target.label} clients`;
    const drops = (await stopAll(stoppers)).reduce((a, b) => a + b, 0);
    const result = {
      target,
      changes: clients * docs * changes,
      writeSeconds: (written - start) / 1000,
      wallSeconds: (end - start - fetchMs) / 1000,
      cpuSeconds,
      drops,
      idleRssKiB: idle.rssKiB,
      endRssKiB: after.rssKiB,
      peakRssKiB: after.peakKiB,
    };
    result.changesPerSecond = result.changes / result.wallSeconds;
    return result;
  } catch (err) {
    err.phase ??= phase; // remember where it broke; the cleanup below moves `phase` on
    throw err;
  } finally {
    phase = `stopping ${target.label}`;
    // Clients first, so they do not see (and throw on) the server going away.
    await stopAll(stoppers);
    await server.stop();
  }
}


// ---------------------------------------------------------------------------------------------
// Relay scenarios: idle sockets, fan-out, long history, many documents. Their clients are raw
// peers (below): the automerge-repo wire protocol spoken directly, one WebSocket and one
// Automerge document per peer and document, so that hundreds of them fit in this process and
// the figures are the server's, not automerge-repo's client side.

const PROTOCOL = "1";
// As automerge-repo encodes its messages: plain CBOR byte strings, no record extension.
const cbor = new Encoder({ tagUint8Array: false, useRecords: false });
let peerSerial = 0;

/** A new automerge-repo document id (bs58check of 16 random bytes). */
const newDocumentId = () => parseAutomergeUrl(generateAutomergeUrl()).documentId;

class RawPeer {
  constructor(url) {
    this.url = url;
    this.peerId = `bench-peer-${process.pid}-${++peerSerial}`;
    /** documentId -> { doc, state, listeners: Set<(arrivedAt) => void> } */
    this.docs = new Map();
    this.serverId = undefined;
  }

  /** Connects and completes the join/peer handshake. */
  async open() {
    this.ws = new WebSocket(this.url);
    this.ws.binaryType = "nodebuffer";
    await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no peer answer from ${this.url}`)), CONNECT_TIMEOUT_MS);
      this.ws.once("error", (err) => {
        clearTimeout(timer);
        fail(err);
      });
      this.ws.on("message", (data) => {
        const arrivedAt = performance.now();
        const msg = cbor.decode(data);
        if (msg.type === "peer") {
          this.serverId = msg.senderId;
          clearTimeout(timer);
          ok();
        } else if (msg.type === "sync" || msg.type === "request") {
          // Handled in the next turn: every frame read in this one is timestamped first.
          setImmediate(() => this.receive(msg, arrivedAt));
        }
      });
      this.ws.once("open", () =>
        this.send({
          type: "join",
          senderId: this.peerId,
          peerMetadata: { isEphemeral: false },
          supportedProtocolVersions: [PROTOCOL],
        }),
      );
    });
  }

  send(msg) {
    this.ws.send(cbor.encode(msg));
  }

  entry(id) {
    let entry = this.docs.get(id);
    if (!entry) {
      entry = { doc: A.init(), state: A.initSyncState(), listeners: new Set() };
      this.docs.set(id, entry);
    }
    return entry;
  }

  /** Sends what the server lacks of `id` (a `request` while this peer has nothing of it). */
  sync(id, type = "sync") {
    const entry = this.entry(id);
    const [state, data] = A.generateSyncMessage(entry.doc, entry.state);
    entry.state = state;
    if (data) this.send({ type, senderId: this.peerId, targetId: this.serverId, documentId: id, data });
  }

  receive(msg, arrivedAt) {
    const entry = this.entry(msg.documentId);
    const data = new Uint8Array(msg.data);
    entry.serverHeads = A.decodeSyncMessage(data).heads;
    [entry.doc, entry.state] = A.receiveSyncMessage(entry.doc, entry.state, data);
    this.sync(msg.documentId);
    for (const listener of entry.listeners) listener(arrivedAt, entry);
  }

  /** Applies a change locally and offers it to the server. */
  change(id, edit) {
    const entry = this.entry(id);
    entry.doc = A.change(entry.doc, edit);
    this.sync(id);
  }

  /** Resolves (with the arrival time) once `predicate(entry)` holds after a frame from the server. */
  until(id, predicate, timeoutMs = opts.timeoutMs) {
    const entry = this.entry(id);
    if (predicate(entry)) return Promise.resolve(performance.now());
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => {
        entry.listeners.delete(listener);
        fail(new Error(`document ${id}: condition not reached within ${timeoutMs / 1000}s`));
      }, timeoutMs);
      const listener = (arrivedAt) => {
        if (!predicate(entry)) return;
        clearTimeout(timer);
        entry.listeners.delete(listener);
        ok(arrivedAt);
      };
      entry.listeners.add(listener);
    });
  }

  /** Resolves once the server's heads of `id` are this peer's (the server has every change). */
  acknowledged(id) {
    const heads = A.getHeads(this.entry(id).doc);
    return this.until(id, (e) => heads.every((h) => e.serverHeads?.includes(h)));
  }

  close() {
    this.ws?.terminate();
  }
}

/** `count` raw peers, connected and joined, `parallel` at a time. */
async function openPeers(server, count, parallel = 50) {
  const peers = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = [];
    for (let j = i; j < Math.min(count, i + parallel); j++) {
      const url = server.clientUrl ? await server.clientUrl() : server.wsUrl;
      batch.push(new RawPeer(url));
    }
    await Promise.all(batch.map((p) => p.open()));
    peers.push(...batch);
  }
  return peers;
}

const settle = () => sleep(1000);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))];

/** RSS with `idleClients` connected sockets that do nothing. */
async function idleScenario(server) {
  await settle();
  const before = readMemory(server.pid).rssKiB;
  const peers = await openPeers(server, opts.idleClients);
  await settle();
  const after = readMemory(server.pid).rssKiB;
  for (const p of peers) p.close();
  return { rssKiB: after, perClientKiB: (after - before) / opts.idleClients };
}

/** One writer's edits reach `fanoutClients` readers of the document: delivery latency. */
async function fanoutScenario(server) {
  const [writer] = await openPeers(server, 1);
  const id = newDocumentId();
  writer.change(id, (d) => {
    d.n = 0;
  });
  await writer.acknowledged(id);
  const readers = await openPeers(server, opts.fanoutClients);
  for (const r of readers) r.sync(id, "request");
  await Promise.all(readers.map((r) => r.until(id, (e) => e.doc.n === 0)));
  await settle();
  const cpuBefore = readCpuSeconds(server.pid);
  const threadsBefore = readThreads(server.pid);
  let threads = threadsBefore;
  const sampler = setInterval(() => (threads = Math.max(threads, readThreads(server.pid))), 20);
  const latencies = [];
  for (let k = 1; k <= opts.fanoutEdits; k++) {
    const seen = readers.map((r) => r.until(id, (e) => e.doc.n === k));
    const sentAt = performance.now();
    writer.change(id, (d) => {
      d.n = k;
    });
    for (const arrivedAt of await Promise.all(seen)) latencies.push(arrivedAt - sentAt);
    await sleep(100); // the readers' answers settle before the next edit
  }
  clearInterval(sampler);
  const cpuSeconds = readCpuSeconds(server.pid) - cpuBefore;
  for (const p of [writer, ...readers]) p.close();
  latencies.sort((a, b) => a - b);
  return { cpuMsPerEdit: (cpuSeconds * 1000) / opts.fanoutEdits, p50: percentile(latencies, 50), p99: percentile(latencies, 99), threadsBefore, threads };
}

/** Server CPU per change, each sent alone and acknowledged, on a document of `history` changes. */
async function historyScenario(server, history) {
  const [peer] = await openPeers(server, 1);
  const id = newDocumentId();
  // The history is built in batches of 500 local changes, each synced and acknowledged (the
  // JS server does not take 10,000 changes in one message within minutes); only the changes
  // after it are timed.
  peer.change(id, (d) => {
    d.n = 0;
    d.items = [];
  });
  for (let i = 1; i < history; i += 500) {
    const entry = peer.entry(id);
    for (let j = i; j < Math.min(history, i + 500); j++) {
      // One small field per change, so 10,000 stay under the relay's 1 MiB quota of a
      // working document before it compacts them.
      entry.doc = A.change(entry.doc, (d) => {
        d.n = j;
      });
    }
    peer.sync(id);
    await peer.acknowledged(id);
  }
  await settle();
  const timed = 200;
  const cpuBefore = readCpuSeconds(server.pid);
  for (let i = 0; i < timed; i++) {
    peer.change(id, (d) => {
      d.n += 1;
      d.items.push(i);
    });
    await peer.acknowledged(id);
  }
  const cpuSeconds = readCpuSeconds(server.pid) - cpuBefore;
  peer.close();
  return { cpuMsPerChange: (cpuSeconds * 1000) / timed };
}

/** `manyDocs` new documents from 4 peers, 50 in flight each; RSS after, and after eviction. */
async function manyScenario(server) {
  const peers = await openPeers(server, 4);
  const cpuBefore = readCpuSeconds(server.pid);
  const start = performance.now();
  let next = 0;
  await Promise.all(
    peers.map(async (peer) => {
      const inFlight = new Set();
      while (next < opts.manyDocs) {
        next++;
        const id = newDocumentId();
        peer.change(id, (d) => {
          d.n = 1;
        });
        const done = peer.acknowledged(id).then(() => {
          inFlight.delete(done);
          peer.docs.delete(id); // the client forgets it: the server's memory is measured
        });
        inFlight.add(done);
        if (inFlight.size >= 50) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = readCpuSeconds(server.pid) - cpuBefore;
  for (const p of peers) p.close();
  await settle();
  const afterLoad = readMemory(server.pid).rssKiB;
  // The relay runs this scenario with a 5 s eviction (checked every 2.5 s).
  await sleep(9000);
  const afterEviction = readMemory(server.pid).rssKiB;
  return { seconds, cpuSeconds, afterLoadKiB: afterLoad, afterEvictionKiB: afterEviction };
}

/** Runs every relay scenario asked for against one fresh server each; returns the figures. */
async function runScenarios(target) {
  const result = {};
  const fresh = async (name, run, startOpts) => {
    if (!scenarios.includes(name)) return;
    phase = `${name} scenario on ${target.label}`;
    const server = await target.start(startOpts);
    try {
      result[name] = await run(server);
    } catch (err) {
      // One scenario's failure (a server that gives up) leaves the others to measure.
      console.error(`sync-bench: ${phase} failed: ${err.message}`);
      result.failed = [...(result.failed ?? []), `${name}: ${err.message}`];
    } finally {
      await server.stop();
    }
  };
  await fresh("idle", idleScenario);
  await fresh("fanout", fanoutScenario);
  await fresh("history", async (server) => ({
    long: await historyScenario(server, opts.history),
    short: await historyScenario(server, 100),
  }));
  await fresh("many", manyScenario, { relayArgs: ["--idle-eviction", "5"] });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Report

/** The median of the finite values (the lower middle one of an even count), NaN if none. */
function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN;
}

/** "lowest–highest" of the finite values, or "-" with fewer than two. */
function spread(values, digits) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return "-";
  return `${Math.min(...finite).toFixed(digits)}–${Math.max(...finite).toFixed(digits)}`;
}

/**
 * A table of figures, one row each: per target the median over its rounds and the spread,
 * then the ratio relay/js of the medians. `figures`: [label, pick(run) → number, digits].
 */
function printFigures(title, figures, runsOf) {
  const measured = [jsTarget, relayTarget].filter((t) => runsOf(t)?.length);
  if (measured.length === 0) return;
  const header = ["figure", ...measured.flatMap((t) => [`${t.label} median`, "spread"])];
  const both = measured.length === 2;
  if (both) header.push("relay/js");
  const rows = figures.map(([label, pick, digits]) => {
    const medians = measured.map((t) => median(runsOf(t).map(pick)));
    const row = [label];
    measured.forEach((t, i) => row.push(medians[i].toFixed(digits), spread(runsOf(t).map(pick), digits)));
    if (both) row.push((medians[1] / medians[0]).toFixed(2));
    return row;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

/** Which rounds the medians are of: every round a target completed. */
function roundsNote() {
  const counts = [jsTarget, relayTarget]
    .filter((t) => outcomes.has(t))
    .map((t) => {
      const o = outcomes.get(t);
      return `${t.label} ${Math.max(o.runs.length, o.scenarioRuns.length)}`;
    });
  return (
    `medians of ${opts.rounds} round(s) (every round; rounds completed: ${counts.join(", ")}; ` +
    "the targets alternate which runs first)"
  );
}

function printReport() {
  const { clients, docs, changes } = opts;
  const mib = (kib) => kib / 1024;
  if (scenarios.includes("sync")) {
    printFigures(
      `Sync: ${clients} clients × ${docs} docs × ${changes} changes = ${clients * docs * changes} changes ` +
        `per target, ${roundsNote()}:`,
      [
        ["server CPU s (user+system)", (r) => r.cpuSeconds, 2],
        ["server CPU ms per 1,000 changes", (r) => (r.cpuSeconds * 1e6) / r.changes, 0],
        ["RSS MiB after the load", (r) => mib(r.endRssKiB), 1],
        ["RSS MiB before the load", (r) => mib(r.idleRssKiB), 1],
        ["peak RSS MiB (whole life)", (r) => mib(r.peakRssKiB), 1],
        ["wall s", (r) => r.wallSeconds, 2],
        ["changes/s", (r) => r.changesPerSecond, 0],
        ["dropped connections", (r) => r.drops, 0],
      ],
      (t) => outcomes.get(t)?.runs,
    );
    console.log(
      "(wall s: first document created → every change seen by a fresh reader; throughput is bounded\n" +
        " by the load generator (automerge-repo clients), not the servers; drops: client connections\n" +
        " lost mid-run (each costs a 5 s reconnect delay); RSS from /proc/<pid>/status, after the load\n" +
        " = once the reader has every change, peak = VmHWM over the process's life, which for the relay\n" +
        " includes the argon2 hashing of the demo passwords at start)",
    );
  }
  for (const [target, outcome] of outcomes) {
    if (outcome.skipped) console.log(`Target ${target.letter} (${target.label}) skipped: ${outcome.skipped}`);
    if (outcome.error) console.log(`Target ${target.letter} (${target.label}) FAILED: ${outcome.error}`);
  }
  printScenarioReport();
  if (clientErrors.length) {
    console.log(`\nclient-side errors while stopping clients (figures unaffected): ${clientErrors.length}`);
    for (const e of clientErrors.slice(0, 5)) console.log(`  ${e}`);
  }
  console.log(
    "\nThe relay syncs every acknowledged change to disk before acknowledging it (SQLite WAL,\n" +
      "synchronous=FULL, group commit); the JS server (NodeFSStorageAdapter) does not fsync.",
  );
  console.log(`Bench time: ${((performance.now() - benchStart) / 60000).toFixed(1)} min.`);
}

/** The figures of the relay scenarios: per target, the median over rounds of each. */
function printScenarioReport() {
  const runsOf = (t) => outcomes.get(t)?.scenarioRuns;
  if (![jsTarget, relayTarget].some((t) => runsOf(t)?.length)) return;
  const figures = [
    ["idle", `RSS MiB, ${opts.idleClients} idle sockets`, (r) => r.idle?.rssKiB / 1024, 1],
    ["idle", "KiB per idle socket", (r) => r.idle?.perClientKiB, 1],
    ["fanout", `fan-out to ${opts.fanoutClients}: CPU ms per edit`, (r) => r.fanout?.cpuMsPerEdit, 1],
    ["fanout", "fan-out: p50 delivery ms", (r) => r.fanout?.p50, 1],
    ["fanout", "fan-out: p99 delivery ms", (r) => r.fanout?.p99, 1],
    ["fanout", "fan-out: server threads before", (r) => r.fanout?.threadsBefore, 0],
    ["fanout", "fan-out: server threads (peak)", (r) => r.fanout?.threads, 0],
    ["history", `CPU ms per 1,000 changes, ${opts.history}-change doc`, (r) => r.history?.long.cpuMsPerChange * 1000, 0],
    ["history", "CPU ms per 1,000 changes, 100-change doc", (r) => r.history?.short.cpuMsPerChange * 1000, 0],
    ["many", `${opts.manyDocs} new docs: server CPU s`, (r) => r.many?.cpuSeconds, 2],
    ["many", `${opts.manyDocs} new docs: wall s`, (r) => r.many?.seconds, 2],
    ["many", "RSS MiB after them", (r) => r.many?.afterLoadKiB / 1024, 1],
    ["many", "RSS MiB 9 s later (relay: evicted)", (r) => r.many?.afterEvictionKiB / 1024, 1],
  ]
    .filter(([name]) => scenarios.includes(name))
    .map(([, label, pick, digits]) => [label, pick, digits]);
  if (figures.length === 0) return;
  printFigures(`Relay scenarios, each round on a fresh server, ${roundsNote()}:`, figures, runsOf);
  for (const [target, outcome] of outcomes) {
    for (const failure of outcome.scenarioRuns.flatMap((r) => r.failed ?? [])) {
      console.log(`${target.label} FAILED ${failure}`);
    }
  }
  console.log(
    "(raw automerge-repo protocol peers in this process; CPU = user+system of the server process;\n" +
      " a history change is sent alone and acknowledged before the next; delivery = from the writer's\n" +
      " send to the frame's arrival at each reader)",
  );
}

async function main() {
  const targets = [jsTarget, relayTarget].filter((t) => wanted.includes(t.name));
  if (targets.length === 0) usageError(`--targets must name js and/or relay, got ${flags.targets}`);
  for (const target of targets) outcomes.set(target, { runs: [], scenarioRuns: [] });
  let failed = false;
  for (let round = 0; round < opts.rounds; round++) {
    // Alternate the order between rounds, so neither target always runs on a warmer machine.
    const order = round % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) {
      const outcome = outcomes.get(target);
      if (outcome.skipped || outcome.error) continue;
      try {
        if (scenarios.includes("sync")) outcome.runs.push(await runTarget(target));
        outcome.scenarioRuns.push(await runScenarios(target));
      } catch (err) {
        if (err instanceof SkipTarget) {
          outcome.skipped = err.message;
        } else {
          // A real error: keep going so the other target is still measured, but exit non-zero.
          failed = true;
          const where = err.phase ?? phase;
          outcome.error = `while ${where}: ${err.message}`;
          console.error(`sync-bench: ${target.label} failed while ${where}:\n${err.stack ?? err}`);
        }
      }
    }
  }
  printReport();
  process.exit(failed ? 1 : 0);
}

await main();
