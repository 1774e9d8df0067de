// The approval gate: a paused job's story scene by scene, each narration and picture prompt
// editable. Saving sends only the changed scenes (POST /jobs/{id}/story); the filter judges
// the edit again and a refused edit comes back as approval.refused, shown here. Approve or
// reject ends the review.

import { api, problem } from "./api.js";
import { fill, h } from "./dom.js";

export function reviewView(root, id) {
  let stopped = false;
  const message = h("div", { id: "review-message", role: "alert" });
  fill(root, h("div", { class: "panel" }, h("h2", null, "Review the story"), h("p", { class: "muted" }, "Loading the story…")));

  async function load() {
    const [story, view] = await Promise.all([api(`/jobs/${id}/story`), api(`/jobs/${id}`)]);
    if (stopped) return;
    if (!story.ok) {
      fill(root, h("div", { class: "panel" }, h("p", { class: "error" }, problem(story))));
      return;
    }
    const approval = view.body?.approval || {};
    const scenes = story.body.scenes.map((s) => sceneEditor(s));
    const reason = h("input", { type: "text", id: "reject-reason", maxlength: 200, placeholder: "optional" });
    const save = h("button", { type: "button", id: "save-edits" }, "Save edits (checked again)");
    const approve = h("button", { type: "button", class: "primary", id: "approve" }, "Approve and render");
    const reject = h("button", { type: "button", class: "danger", id: "reject" }, "Reject");
    const buttons = [save, approve, reject];
    async function act(path, body, done) {
      buttons.forEach((b) => { b.disabled = true; });
      const r = await api(`/jobs/${id}/${path}`, { method: "POST", body });
      buttons.forEach((b) => { b.disabled = false; });
      if (r.ok) fill(message, h("p", { class: "notice" }, done));
      else fill(message, h("p", { class: "error" }, problem(r)));
    }
    save.addEventListener("click", () => {
      const changed = scenes.map((s) => s.changes()).filter(Boolean);
      if (!changed.length) {
        fill(message, h("p", { class: "muted" }, "Nothing changed."));
        return;
      }
      act("story", { scenes: changed }, "Edits sent; the filter is checking them…");
    });
    approve.addEventListener("click", () => act("approve", undefined, "Approved; rendering…"));
    reject.addEventListener("click", () => {
      const why = reason.value.trim();
      act("reject", why ? { reason: why } : undefined, "Rejected.");
    });
    // An ISO time from the gateway (epoch seconds accepted too).
    const d = approval.deadline;
    const deadline = d ? new Date(typeof d === "number" ? d * 1000 : d) : null;
    fill(root, h("div", { class: "panel", id: "review-panel" },
      h("h2", null, "Review the story: ", h("span", { id: "story-title" }, story.body.title)),
      deadline ? h("p", { class: "muted small", id: "deadline" }, `Waiting for you until ${deadline.toLocaleString([], { hour12: false })}; after that the job expires.`) : null,
      approval.refused?.length
        ? h("div", { class: "refusal", id: "edit-refused" }, h("strong", null, "Your last edit was refused; the story is unchanged:"),
          h("ul", null, approval.refused.map((r) => h("li", null, r))))
        : null,
      scenes.map((s) => s.el),
      h("div", { class: "actions" }, save, approve),
      h("label", { for: "reject-reason" }, "Reason for rejecting"), reason,
      h("div", { class: "actions" }, reject),
      message));
  }

  load();
  return { stop() { stopped = true; } };
}

function sceneEditor(scene) {
  const n = scene.index;
  const narration = h("textarea", { id: `narration-${n}`, rows: 3 });
  narration.value = scene.narration;
  const prompt = h("textarea", { id: `prompt-${n}`, rows: 2 });
  prompt.value = scene.image_prompt;
  return {
    el: h("div", { class: "scene", dataset: { scene: n } },
      h("h3", null, `Scene ${n + 1}`),
      h("label", { for: narration.id }, "Narration"), narration,
      h("label", { for: prompt.id }, "Picture prompt"), prompt),
    changes() {
      const out = { index: n };
      if (narration.value.trim() !== scene.narration) out.narration = narration.value.trim();
      if (prompt.value.trim() !== scene.image_prompt) out.image_prompt = prompt.value.trim();
      return Object.keys(out).length > 1 ? out : null;
    },
  };
}
