// Who may see what, enforced by the relay on the wire.
import { test, expect } from "./fixtures";
import * as Automerge from "@automerge/automerge";
import { Repo } from "@automerge/automerge-repo";
import { BrowserWebSocketClientAdapter } from "@automerge/automerge-repo-network-websocket";
import { login, enrollmentCode, enroll, syncUrl } from "../support/api.mjs";
import { WirePeer } from "../support/wire.mjs";

// An empty automerge sync message: what a peer with no copy of a document sends.
const EMPTY_SYNC = Automerge.generateSyncMessage(Automerge.init(), Automerge.initSyncState())[1]!;

test("an unauthenticated socket is refused, and so is a token in the URL or a spent ticket", async ({ relay }) => {
  await expect(WirePeer.connect(`${relay.wsUrl}/sync`)).rejects.toThrow("upgrade refused: 401");
  await expect(WirePeer.connect(`${relay.wsUrl}/sync?ticket=not-a-ticket`)).rejects.toThrow("upgrade refused: 401");
  const bari = await login(relay.url, "operatore.bari", "demo-bari");
  await expect(WirePeer.connect(`${relay.wsUrl}/sync?token=${bari.token}`)).rejects.toThrow("upgrade refused: 401");
  const once = await syncUrl(relay.url, bari.token);
  (await WirePeer.connect(once)).close();
  await expect(WirePeer.connect(once)).rejects.toThrow("upgrade refused: 401");
  expect(relay.log.join("")).not.toContain(bari.token);
});

test("a totem asking for a private document gets doc-unavailable", async ({ relay }) => {
  const bari = await login(relay.url, "operatore.bari", "demo-bari");
  // An operator creates a private document (as a dossier would be) and it reaches the relay.
  const repo = new Repo({ network: [new BrowserWebSocketClientAdapter(await syncUrl(relay.url, bari.token))] });
  const dossier = repo.create({ kind: "dossier", surname: "Rossi" });
  await expect
    .poll(async () => {
      const peer = await WirePeer.connect(await syncUrl(relay.url, bari.token));
      peer.request(dossier.documentId, EMPTY_SYNC);
      const answer = await peer.next((m) => m.documentId === dossier.documentId);
      peer.close();
      return answer.type;
    })
    .toBe("sync");
  await repo.shutdown();

  const totem = await enroll(relay.url, await enrollmentCode(relay.url, bari.token));
  const peer = await WirePeer.connect(await syncUrl(relay.url, totem.token));
  peer.request(dossier.documentId, EMPTY_SYNC);
  const answer = await peer.next((m) => m.documentId === dossier.documentId);
  expect(answer.type).toBe("doc-unavailable");
  // The totem still reads its CPI's public board.
  const boardId = totem.documents.board.replace("automerge:", "");
  peer.request(boardId, EMPTY_SYNC);
  expect((await peer.next((m) => m.documentId === boardId)).type).toBe("sync");
  peer.close();
  expect(relay.log.join("")).toContain("access denied");
});

test("an operator of one CPI cannot read or write another CPI's documents", async ({ relay }) => {
  const bari = await login(relay.url, "operatore.bari", "demo-bari");
  const lecce = await login(relay.url, "operatore.lecce", "demo-lecce");
  const lecceBoard = lecce.documents.board.replace("automerge:", "");

  const peer = await WirePeer.connect(await syncUrl(relay.url, bari.token));
  peer.request(lecceBoard, EMPTY_SYNC);
  expect((await peer.next((m) => m.documentId === lecceBoard && m.type !== "sync")).type).toBe("doc-unavailable");
  expect(peer.received.filter((m) => m.documentId === lecceBoard && m.type === "sync")).toEqual([]);
  peer.close();

  // Through the JS library too: find() fails as unavailable.
  const repo = new Repo({ network: [new BrowserWebSocketClientAdapter(await syncUrl(relay.url, bari.token))] });
  await expect(repo.find(lecce.documents.board)).rejects.toThrow(/unavailable/i);
  await repo.shutdown();
});

test("a peer id is pinned to its connection", async ({ relay }) => {
  const bari = await login(relay.url, "operatore.bari", "demo-bari");
  const peer = await WirePeer.connect(await syncUrl(relay.url, bari.token));
  const closed = new Promise((ok) => peer.socket.once("close", (code) => ok(code)));
  peer.send({ type: "request", senderId: "someone-else", targetId: peer.relayId, documentId: bari.documents.board.replace("automerge:", ""), data: EMPTY_SYNC });
  expect(await closed).toBe(1008);
});
