// The job list: GET /jobs, newest first, owner-scoped by the gateway, with a status filter
// and paging (offset in the URL's hash, so back/forward and reload keep the page).

import { api, problem, session } from "./api.js";
import { fill, h, whenFull } from "./dom.js";

const PAGE = 10;

export function jobsView(root, params) {
  const status = params.get("status") || "";
  const offset = Math.max(0, Number(params.get("offset")) || 0);
  const statuses = ["queued", "running", "completed", "failed", "cancelled"];
  if (session.config.features.approval) statuses.splice(2, 0, "awaiting_approval");
  const filter = h("select", { id: "status-filter" }, h("option", { value: "" }, "any status"),
    statuses.map((s) => h("option", { value: s, selected: s === status }, s.replace("_", " "))));
  filter.addEventListener("change", () => { location.hash = link(filter.value, 0); });
  const body = h("div", { id: "job-list" }, h("p", { class: "muted" }, "Loading…"));
  fill(root, h("div", { class: "panel" },
    h("h1", null, "My jobs"),
    h("div", { class: "toolbar" }, h("label", { for: "status-filter" }, "Show"), filter),
    body));

  (async () => {
    const q = new URLSearchParams({ limit: String(PAGE), offset: String(offset) });
    if (status) q.set("status", status);
    const r = await api(`/jobs?${q}`);
    if (!r.ok) {
      fill(body, h("p", { class: "error" }, problem(r)));
      return;
    }
    const items = r.body.items;
    fill(body,
      items.length
        ? h("table", { class: "jobs" },
          h("thead", null, h("tr", null, h("th", null, "Topic"), h("th", null, "Status"), h("th", { class: "when" }, "Made"))),
          h("tbody", null, items.map((j) => h("tr", { dataset: { job: j.job_id } },
            h("td", { class: "wrap" }, h("a", { href: `#/job/${j.job_id}` }, j.topic || j.job_id)),
            h("td", null, h("span", { class: `badge ${j.status}` }, j.status.replace("_", " "))),
            h("td", { class: "when muted small" }, whenFull(j.created_at))))))
        : h("p", { class: "muted", id: "no-jobs" }, offset ? "No more jobs." : "No jobs yet."),
      h("div", { class: "pager" },
        offset > 0 ? h("a", { class: "button", id: "newer", href: link(status, Math.max(0, offset - PAGE)) }, "← Newer") : h("span"),
        r.body.next ? h("a", { class: "button", id: "older", href: link(status, offset + PAGE) }, "Older →") : h("span")));
  })();
  return null;
}

function link(status, offset) {
  const q = new URLSearchParams();
  if (status) q.set("status", status);
  if (offset) q.set("offset", String(offset));
  const s = q.toString();
  return `#/jobs${s ? `?${s}` : ""}`;
}
