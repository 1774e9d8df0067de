// The studio's entry: read /studio/config, sign in, route by the URL's hash.

import { api, claims, needsToken, session, signOut } from "./api.js";
import { adminView } from "./admin.js";
import { fill, h } from "./dom.js";
import { formView } from "./form.js";
import { jobView } from "./jobpage.js";
import { jobsView } from "./jobs.js";
import { signInView } from "./signin.js";

const main = document.getElementById("main");
let current = null;

function nav(active) {
  const me = claims();
  const link = (hash, text, id) =>
    h("a", { href: hash, id, "aria-current": active === hash ? "page" : null }, text);
  fill(
    document.getElementById("nav"),
    needsToken() ? null : [
      link("#/new", "New video", "nav-new"),
      link("#/jobs", "My jobs", "nav-jobs"),
      me.admin ? link("#/admin", "Dead letters", "nav-admin") : null,
    ],
  );
  fill(
    document.getElementById("who"),
    needsToken() ? null : [
      h("span", { class: "sub", id: "whoami", title: me.sub }, me.dev ? "dev mode (auth off)" : me.sub),
      me.dev ? null : h("button", { id: "sign-out", type: "button", onclick: () => { signOut(); route(); } }, "Sign out"),
    ],
  );
}

export function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function route() {
  current?.stop?.();
  current = null;
  const hash = location.hash || "#/new";
  if (needsToken()) {
    nav(null);
    current = signInView(main, () => route());
    return;
  }
  const job = /^#\/job\/([A-Za-z0-9_-]{1,64})$/.exec(hash);
  const page = hash.split("?")[0];
  nav(job ? null : page);
  if (job) current = jobView(main, job[1]);
  else if (page === "#/jobs") current = jobsView(main, new URLSearchParams(hash.split("?")[1] || ""));
  else if (page === "#/admin") current = adminView(main);
  else current = formView(main);
  main.focus({ preventScroll: true });
}

async function boot() {
  const r = await api("/studio/config");
  if (!r.ok) {
    fill(main, h("p", { class: "error" }, "The gateway does not answer; reload to try again."));
    return;
  }
  session.config = r.body;
  document.body.dataset.auth = r.body.auth;
  window.addEventListener("hashchange", route);
  window.addEventListener("studio:unauthorized", (ev) => {
    if (session.config.auth !== "jwt") return;
    signOut();
    session.lastError = ev.detail?.message || "the token was refused";
    route();
  });
  route();
  performance.mark("studio-ready"); // the first view is on screen (measured by the tests)
}

boot();
