// Admins: the dead-letter queue (GET /admin/dead-letters) and replay of one letter.

import { api, problem } from "./api.js";
import { fill, h } from "./dom.js";

export function adminView(root) {
  const body = h("div", { id: "dead-letters" }, h("p", { class: "muted" }, "Loading…"));
  const message = h("div", { id: "dlq-message", role: "status" });
  const refresh = h("button", { type: "button", id: "dlq-refresh", onclick: () => load() }, "Refresh");
  fill(root, h("div", { class: "panel" },
    h("h1", null, "Dead letters"),
    h("p", { class: "muted small" }, "Messages a stage gave up on. Replay sends one back to its stage and makes its failed job run again."),
    h("div", { class: "actions" }, refresh), message, body));

  async function replay(letter, button) {
    button.disabled = true;
    const r = await api(`/admin/dead-letters/${encodeURIComponent(letter.message_id)}/replay`, { method: "POST" });
    fill(message, r.ok
      ? h("p", { class: "notice" }, `Replayed ${letter.message_id} to ${letter.stage}.`)
      : h("p", { class: "error" }, `Not replayed: ${problem(r)}`));
    load();
  }

  async function load() {
    const r = await api("/admin/dead-letters?limit=100");
    if (!r.ok) {
      fill(body, h("p", { class: "error" }, problem(r)));
      return;
    }
    const items = r.body.items;
    fill(body, items.length
      ? h("table", null,
        h("thead", null, h("tr", null, h("th", null, "Stage"), h("th", null, "Job and reason"), h("th", null, ""))),
        h("tbody", null, items.map((d) => {
          const b = h("button", { type: "button", class: "replay" }, "Replay");
          b.addEventListener("click", () => replay(d, b));
          return h("tr", { dataset: { message: d.message_id || "", job: d.job_id || "" } },
            h("td", null, d.stage),
            h("td", { class: "wrap" },
              d.job_id ? h("a", { href: `#/job/${d.job_id}` }, d.job_id) : h("span", { class: "muted" }, "(unreadable)"),
              h("div", { class: "muted small" }, d.reason)),
            h("td", null, d.message_id ? b : null));
        })))
      : h("p", { class: "muted", id: "no-letters" }, "The dead-letter queue is empty."));
  }

  load();
  return null;
}
