// Sign-in: paste a JWT. It is checked against the gateway once (GET /jobs?limit=1) and kept in
// this tab's sessionStorage only.

import { api, problem, session, signIn, signOut } from "./api.js";
import { fill, h } from "./dom.js";

export function signInView(root, done) {
  const token = h("textarea", { id: "token", rows: 4, autocomplete: "off", spellcheck: "false", placeholder: "eyJhbGciOi…" });
  const message = h("div", { id: "signin-error", role: "alert" });
  if (session.lastError) fill(message, h("p", { class: "error" }, session.lastError));
  session.lastError = null;
  const button = h("button", { class: "primary", id: "sign-in", type: "submit" }, "Sign in");
  const form = h(
    "form",
    {
      class: "panel",
      onsubmit: async (ev) => {
        ev.preventDefault();
        const value = token.value.trim().replace(/^Bearer\s+/i, "");
        if (!value) return;
        fill(message);
        button.disabled = true;
        signIn(value);
        const r = await api("/jobs?limit=1", { probe: true });
        button.disabled = false;
        if (r.ok) {
          done();
          return;
        }
        signOut();
        session.lastError = null;
        fill(message, h("p", { class: "error" }, `Not signed in: ${problem(r)}`));
      },
    },
    h("h1", null, "Sign in"),
    h("p", { class: "muted" }, "Paste the JWT your grimreel operator gave you. It stays in this browser tab only (sessionStorage) and is sent as an Authorization header; the studio sets no cookies."),
    h("label", { for: "token" }, "Access token"),
    token,
    message,
    h("div", { class: "actions" }, button),
  );
  fill(root, form);
  token.focus();
  return null;
}
