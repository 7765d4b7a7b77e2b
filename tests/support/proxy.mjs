// A TCP proxy in front of the relay, one per simulated device: cutting it is a real network
// partition for that device alone (open sockets die, new ones are refused), while the relay
// and the other devices carry on.
import net from "node:net";

export class NetworkLink {
  #server;
  #sockets = new Set();
  #port = 0;
  #up = true;

  /** @param {number} targetPort */
  constructor(targetPort) {
    this.targetPort = targetPort;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  /** @param {number} targetPort */
  static async open(targetPort) {
    const link = new NetworkLink(targetPort);
    await new Promise((ok) => link.#server.listen(0, "127.0.0.1", ok));
    link.#port = /** @type {import("node:net").AddressInfo} */ (link.#server.address()).port;
    return link;
  }

  get url() {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** @param {import("node:net").Socket} client */
  #accept(client) {
    if (!this.#up) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.targetPort, "127.0.0.1");
    this.#sockets.add(client);
    this.#sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.#sockets.delete(client);
      this.#sockets.delete(upstream);
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** The device loses the network: every open connection is cut. */
  cut() {
    this.#up = false;
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
  }

  restore() {
    this.#up = true;
  }

  async close() {
    this.cut();
    await new Promise((ok) => this.#server.close(ok));
  }
}
