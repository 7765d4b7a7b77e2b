// Starts the real relay binary (built by `cargo xtask test`) on a free loopback port, with its
// own temporary data directory, and stops or kills it on demand. Used by the Playwright specs
// and by the Node interop and benchmark scripts.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const here = new URL(".", import.meta.url).pathname;
const BIN = process.env.SPORTELLO_RELAY_BIN ?? resolve(here, "../../target/debug/sportello-relay");
const DIST = process.env.SPORTELLO_DIST ?? resolve(here, "../../dist");

export class Relay {
  /** @type {import("node:child_process").ChildProcess | null} */
  #child = null;
  #port = 0;
  /** @type {string[]} */
  log = [];

  /** @param {{ demo?: boolean, args?: string[] }} options */
  constructor({ demo = true, args = [] } = {}) {
    this.demo = demo;
    this.extraArgs = args;
    this.dataDir = mkdtempSync(join(tmpdir(), "sportello-relay-"));
  }

  /** @param {{ demo?: boolean, args?: string[] }} [options] */
  static async start(options) {
    const relay = new Relay(options);
    await relay.launch();
    return relay;
  }

  get url() {
    return `http://127.0.0.1:${this.#port}`;
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.#port}`;
  }

  get pid() {
    return this.#child?.pid;
  }

  /** Starts (or restarts) the relay on the same port and data directory. */
  async launch() {
    const args = ["--listen", `127.0.0.1:${this.#port}`, "--data-dir", this.dataDir, "--dist", DIST, ...this.extraArgs];
    if (this.demo) args.push("--demo");
    const child = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? "info" } });
    this.#child = child;
    child.stderr.on("data", (d) => this.log.push(String(d)));
    this.#port = await new Promise((ok, fail) => {
      let out = "";
      const timer = setTimeout(() => fail(new Error(`relay did not start:\n${this.log.join("")}`)), 30_000);
      child.stdout.on("data", (d) => {
        out += String(d);
        const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
        if (m) {
          clearTimeout(timer);
          ok(Number(m[1]));
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        fail(new Error(`relay exited (${code}) before listening:\n${this.log.join("")}`));
      });
    });
  }

  /** Graceful stop (SIGTERM), as an operator would do. */
  stop() {
    return this.#signal("SIGTERM");
  }

  /** kill -9: the relay gets no chance to flush anything. */
  kill() {
    return this.#signal("SIGKILL");
  }

  /** @param {NodeJS.Signals} sig */
  async #signal(sig) {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((ok) => child.once("exit", ok));
    child.kill(sig);
    await exited;
    this.#child = null;
  }

  async dispose() {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
