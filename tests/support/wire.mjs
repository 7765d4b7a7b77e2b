// A bare automerge-repo protocol peer over a WebSocket: sends and receives raw CBOR frames,
// so tests can see exactly what the relay answers (e.g. `doc-unavailable`).
import WebSocket from "ws";
import { encode, decode } from "cbor-x";

export class WirePeer {
  /** @type {any[]} */
  received = [];
  /** @type {((m: any) => void)[]} */
  #waiters = [];

  /** @param {WebSocket} socket @param {string} peerId */
  constructor(socket, peerId) {
    this.socket = socket;
    this.peerId = peerId;
    socket.on("message", (data) => {
      const message = decode(new Uint8Array(/** @type {Buffer} */ (data)));
      this.received.push(message);
      for (const w of this.#waiters.splice(0)) w(message);
    });
  }

  /**
   * Opens a socket to the relay and joins. Rejects with the HTTP status if the upgrade is refused.
   * @param {string} wsUrl e.g. ws://127.0.0.1:1234/sync?ticket=... (see `syncUrl` in api.mjs)
   */
  static async connect(wsUrl, peerId = `wire-${Math.random().toString(16).slice(2)}`) {
    const socket = new WebSocket(wsUrl);
    await new Promise((ok, fail) => {
      socket.once("open", ok);
      socket.once("unexpected-response", (_req, res) => fail(new Error(`upgrade refused: ${res.statusCode}`)));
      socket.once("error", fail);
    });
    const peer = new WirePeer(socket, peerId);
    peer.send({ type: "join", senderId: peerId, supportedProtocolVersions: ["1"], peerMetadata: { isEphemeral: true } });
    const hello = await peer.next((m) => m.type === "peer");
    peer.relayId = hello.senderId;
    return peer;
  }

  /** @param {any} message */
  send(message) {
    this.socket.send(encode(message));
  }

  /** Resolves with the first received message (past or future) matching `pred`. */
  next(pred, timeoutMs = 10_000) {
    const seen = this.received.find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error("no matching message")), timeoutMs);
      const wait = (m) => {
        if (pred(m)) {
          clearTimeout(timer);
          ok(m);
        } else this.#waiters.push(wait);
      };
      this.#waiters.push(wait);
    });
  }

  /** Asks for a document with an empty sync message (what a peer without a copy sends). */
  request(documentId, syncMessage) {
    this.send({ type: "request", senderId: this.peerId, targetId: this.relayId, documentId, data: syncMessage });
  }

  close() {
    this.socket.close();
  }
}
