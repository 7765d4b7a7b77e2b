// Small helpers for the relay's JSON API, used by the tests.

/** @param {string} baseUrl @param {string} username @param {string} password */
export async function login(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** @param {string} baseUrl @param {string} token */
export async function enrollmentCode(baseUrl, token) {
  const res = await fetch(`${baseUrl}/api/enrollment-codes`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`enrollment code: ${res.status}`);
  return (await res.json()).code;
}

/** @param {string} baseUrl @param {string} code @param {string} name */
export async function enroll(baseUrl, code, name = "Totem di prova") {
  const res = await fetch(`${baseUrl}/api/enroll`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code, name }),
  });
  if (!res.ok) throw new Error(`enroll: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * The relay's sync WebSocket URL with a fresh one-time ticket (`POST /api/sync-ticket`): a
 * ticket opens one socket, so every connection needs its own URL.
 * @param {string} baseUrl http://host:port @param {string} token
 */
export async function syncUrl(baseUrl, token) {
  const res = await fetch(`${baseUrl}/api/sync-ticket`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`sync ticket: ${res.status} ${await res.text()}`);
  const { ticket } = await res.json();
  return `${baseUrl.replace(/^http/, "ws")}/sync?ticket=${ticket}`;
}
