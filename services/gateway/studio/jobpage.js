// One job: live progress from GET /jobs/{id}/events (one bar per stage, scene counts, the
// failure reason, cancel), then the review (approval) or the results, as the status says.

import { api, problem } from "./api.js";
import { fill, h, when, whenFull } from "./dom.js";
import { describe, JobModel, stageNames } from "./model.js";
import { resultsView } from "./results.js";
import { reviewView } from "./review.js";
import { follow } from "./sse.js";

export function jobView(root, id) {
  const model = new JobModel();
  const title = h("h1", { id: "job-title" }, "Job ", h("code", null, id));
  const status = h("span", { class: "badge", id: "job-status" }, "…");
  const conn = h("span", { class: "conn", id: "conn" });
  const stages = h("div", { class: "stages", id: "stages" });
  const failure = h("div", { id: "failure", role: "alert" });
  const cancel = h("button", { class: "danger", id: "cancel", type: "button", hidden: true, onclick: doCancel }, "Cancel");
  const actionMsg = h("div", { id: "action-message", role: "status" });
  const review = h("section", { id: "review" });
  const results = h("section", { id: "results" });
  const rows = h("ol", { class: "rows", id: "rows" });
  const head = h("p", { class: "muted small", id: "job-meta" });

  fill(root,
    h("div", { class: "panel", id: "progress" },
      title, h("p", null, status, " ", conn), head,
      stages, failure,
      h("div", { class: "actions" }, cancel), actionMsg),
    review, results,
    h("details", { class: "panel", id: "activity", open: true },
      h("summary", null, "Activity"), rows));

  let shownReview = null;
  let shownResults = false;
  let children = [];

  function render() {
    const job = model.job;
    if (!job) return;
    status.className = `badge ${job.status}`;
    status.textContent = job.status.replace("_", " ");
    const topic = job.request?.topic;
    if (topic) fill(title, topic);
    fill(head, `${job.request?.duration_s ?? "?"} s · ${job.request?.tone ?? ""} · voice ${job.request?.voice ?? ""}`,
      job.request?.preview ? " · preview" : "", ` · started ${whenFull(job.created_at)}`,
      job.request?.parent_id ? [" · redo of ", h("a", { href: `#/job/${job.request.parent_id}` }, job.request.parent_id)] : null);
    fill(stages, stageNames().map((name) => {
      const s = model.stage(name);
      return h("div", { class: `stage ${s.state}`, dataset: { stage: name, state: s.state } },
        h("span", { class: "name" }, name),
        h("div", { class: "bar", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": 100, "aria-valuenow": Math.round(s.pct), "aria-label": name },
          h("span", { style: null, dataset: { pct: Math.round(s.pct) } })),
        h("span", { class: "count" }, s.label));
    }));
    // Widths through CSSOM: the page's CSP allows no inline style attributes.
    for (const bar of stages.querySelectorAll(".bar > span")) bar.style.width = `${bar.dataset.pct}%`;
    fill(failure, job.status === "failed" || (job.status === "cancelled" && job.error)
      ? h("div", { class: "error", id: "failure-reason" }, h("strong", null, job.status === "failed" ? "Failed: " : "Cancelled: "), job.error || "no reason recorded")
      : null);
    cancel.hidden = !model.live;
    fill(rows, model.rows().map((e) =>
      h("li", { dataset: { stage: e.stage, event: e.event || "" } },
        h("time", { datetime: e.at }, when(e.at)), h("span", null, e.stage), h("span", { class: "what" }, describe(e)))));
    stepViews(job);
  }

  function stepViews(job) {
    if (job.status === "awaiting_approval") {
      const mark = `${job.updated_at}`;
      if (shownReview !== mark) {
        shownReview = mark;
        children.forEach((c) => c.stop?.());
        children = [reviewView(review, id)];
      }
    } else if (shownReview !== null) {
      shownReview = null;
      fill(review);
    }
    if (job.status === "completed" && !shownResults) {
      shownResults = true;
      children.push(resultsView(results, job));
    }
  }

  async function doCancel() {
    cancel.disabled = true;
    const r = await api(`/jobs/${id}/cancel`, { method: "POST" });
    cancel.disabled = false;
    fill(actionMsg, r.ok ? null : h("p", { class: "error" }, `Not cancelled: ${problem(r)}`));
    if (r.ok) {
      model.apply("job", r.body);
      render();
    }
  }

  const stream = follow(`/jobs/${id}/events`, {
    onEvent(name, data) {
      model.apply(name, data);
      render();
    },
    onState(state) {
      conn.className = `conn ${state}`;
      conn.dataset.state = state;
      conn.textContent = { connecting: "connecting…", live: "live", reconnecting: "connection lost, reconnecting…", ended: "" }[state];
    },
    onFatal(code, body) {
      const text = code === 401 ? "Sign in again." : code === 404 ? "There is no such job." : "This job belongs to another user.";
      fill(root, h("div", { class: "panel", id: "job-denied" },
        h("h1", null, "Job not available"), h("p", { class: "error" }, text),
        body?.error ? h("p", { class: "muted small" }, `${body.error} (HTTP ${code})`) : null));
    },
  });

  return {
    stop() {
      stream.stop();
      children.forEach((c) => c.stop?.());
    },
  };
}
