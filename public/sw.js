// Sportello's service worker: keeps the app shell and the wasm so a totem works offline.
//
// The relay serves three builds: the kiosk (dist/kiosk/, the totem's screens only) for
// /totem/*, the phone pages (dist/phone/) for what a totem's QR codes open on a phone
// (/coda/*, /offerte/*), the full app (dist/index.html) everywhere else. The kiosk and the
// full app register this worker with their name (`?app=kiosk` for the kiosk) and the worker
// precaches that build's shell and assets; another shell is cached when first navigated to.
// The phone pages register no worker, but a browser that has one still opens them.
//
// Trunk puts a content hash in every asset name, so hashed assets are cached forever
// (cache-first). The shells are fetched network-first and served from cache when the network
// or the relay is down. API and sync traffic is never cached, except the CPIs'
// public signing keys (public data): fetched at install and network-first after, so
// /verifica checks a certificate offline on any device that opened the app once.
const CACHE = "sportello-shell-v1";
const SHELL = "/index.html";
const KIOSK_SHELL = "/kiosk/index.html";
const PHONE_SHELL = "/phone/index.html";
const KIOSK = new URL(self.location.href).searchParams.get("app") === "kiosk";
const PUBLIC_KEYS = "/api/keys";
// Marks an answer served from this cache, so the page knows its keys may be out of date.
const OFFLINE_COPY = "x-sportello-offline-copy";

// The shell the relay serves at `pathname` (static_files.rs, `is_kiosk_path`, `is_phone_path`).
function shellFor(pathname) {
  if (pathname === "/totem" || pathname.startsWith("/totem/")) return KIOSK_SHELL;
  if (["/coda/", "/offerte/"].some((prefix) => pathname.startsWith(prefix))) return PHONE_SHELL;
  return SHELL;
}

self.addEventListener("install", (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Fetch this build's shell and every asset it links to, so the first visit is enough. The
// kiosk's shell is fetched at a totem address, as the relay serves it.
async function precacheShell() {
  const cache = await caches.open(CACHE);
  const shell = KIOSK ? KIOSK_SHELL : SHELL;
  const response = await fetch(KIOSK ? "/totem" : SHELL, { cache: "no-cache" });
  if (!response.ok) return;
  const html = await response.clone().text();
  await cache.put(shell, response);
  const assets = new Set(["/manifest.webmanifest", "/icon.svg"]);
  for (const match of html.matchAll(/(?:href|src)=["']([^"']+)["']/g)) {
    const url = new URL(match[1], self.location.origin);
    if (url.origin === self.location.origin && url.pathname !== "/") assets.add(url.pathname);
  }
  // Trunk's loader imports the JS glue and the wasm by name inside an inline module script.
  for (const match of html.matchAll(/["'](\/[^"']+\.(?:js|wasm|css))["']/g)) assets.add(match[1]);
  await cache.addAll([...assets]);
  // A relay that does not answer now leaves the keys to the first visit that reaches it.
  await cache.add(PUBLIC_KEYS).catch(() => {});
}

function isApi(url) {
  return url.pathname === "/healthz" || url.pathname.startsWith("/api/") || url.pathname.startsWith("/sync");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname === PUBLIC_KEYS) {
    event.respondWith(networkFirst(request));
    return;
  }
  if (url.origin !== self.location.origin || isApi(url)) return;

  if (request.mode === "navigate") {
    event.respondWith(networkFirstShell(request));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

// A totem on a flaky network must not hang on a request that never answers.
const NETWORK_TIMEOUT_MS = 4000;

function fetchWithTimeout(request) {
  return Promise.race([
    fetch(request),
    new Promise((_, reject) => setTimeout(() => reject(new Error("network timeout")), NETWORK_TIMEOUT_MS)),
  ]);
}

// The kiosk shows a totem address; offline, a browser that only ever loaded the full app
// still has it (the full app has every screen, the phone pages' too). A partial build's shell
// never stands in for another address: it would send the browser to that address again.
async function networkFirstShell(request) {
  const cache = await caches.open(CACHE);
  const shell = shellFor(new URL(request.url).pathname);
  const fallback = async () => (await cache.match(shell)) || (shell !== SHELL ? await cache.match(SHELL) : undefined);
  try {
    const response = await fetchWithTimeout(request);
    if (response.ok) {
      await cache.put(shell, response.clone());
      return response;
    }
    return (await fallback()) || response;
  } catch (err) {
    const cached = await fallback();
    if (cached) return cached;
    throw err;
  }
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetchWithTimeout(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (!cached) throw err;
    const headers = new Headers(cached.headers);
    headers.set(OFFLINE_COPY, "1");
    return new Response(await cached.blob(), { status: cached.status, headers });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}
