// The API client: the pasted token lives in sessionStorage (this tab only, gone when it closes)
// and goes out as "Authorization: Bearer"; no cookie is ever set, so no other site can make the
// browser send a request as this user (no CSRF).

const KEY = "grimreel.token";
export const session = { config: null, token: sessionStorage.getItem(KEY) || null };

export function signIn(token) {
  session.token = token;
  sessionStorage.setItem(KEY, token);
}

export function signOut() {
  session.token = null;
  sessionStorage.removeItem(KEY);
}

export function needsToken() {
  return session.config?.auth === "jwt" && !session.token;
}

// What the token says about its bearer, for display only: the gateway decides what is allowed.
export function claims() {
  if (session.config?.auth === "disabled") return { sub: "anonymous", admin: true, dev: true };
  try {
    const part = session.token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const c = JSON.parse(atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), "=")));
    const scopes = typeof c.scope === "string" ? c.scope.split(" ") : c.scopes || [];
    return { sub: String(c.sub || "?"), admin: scopes.includes("admin"), exp: c.exp };
  } catch {
    return { sub: "?", admin: false };
  }
}

export function authHeaders(extra = {}) {
  const out = { ...extra };
  if (session.token) out.Authorization = `Bearer ${session.token}`;
  return out;
}

// {status, ok, body}: status 0 when the gateway does not answer at all. A 401 signs the page
// out (the token expired or was revoked) unless the caller is the sign-in itself (probe).
export async function api(path, { method = "GET", body, probe = false } = {}) {
  const init = { method, cache: "no-store", headers: authHeaders() };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let resp;
  try {
    resp = await fetch(path, init);
  } catch {
    return { status: 0, ok: false, body: { error: "network", message: "the gateway does not answer" } };
  }
  let data = null;
  if ((resp.headers.get("Content-Type") || "").includes("json")) data = await resp.json().catch(() => null);
  if (resp.status === 401 && !probe) window.dispatchEvent(new CustomEvent("studio:unauthorized", { detail: data }));
  return { status: resp.status, ok: resp.ok, body: data };
}

export async function fetchBlob(path) {
  const resp = await fetch(path, { headers: authHeaders(), cache: "no-store" });
  if (!resp.ok) throw new Error(`${path}: HTTP ${resp.status}`);
  return resp.blob();
}

export function problem(r) {
  const b = r.body || {};
  return b.message ? `${b.message} (${b.error || r.status})` : `HTTP ${r.status}`;
}
