// New video: the job request form. The choices come from GET /studio/config (what the
// configured providers offer); a refused topic or a bad field is shown next to it.

import { api, problem, session } from "./api.js";
import { fill, h } from "./dom.js";

function select(id, values, { blank, chosen } = {}) {
  return h(
    "select",
    { id, name: id },
    blank ? h("option", { value: "" }, blank) : null,
    values.filter((v) => !v.endsWith("*")).map((v) => h("option", { value: v, selected: v === chosen }, v)),
  );
}

function field(id, label, input, hint) {
  return h("div", { class: "field", dataset: { field: id } },
    h("label", { for: input.id || id }, label), input,
    hint ? h("div", { class: "muted small" }, hint) : null,
    h("div", { class: "field-error", id: `${id}-error`, role: "alert" }));
}

function numberOrNull(input) {
  const v = input.value.trim();
  return v === "" ? null : Number(v);
}

export function formView(root) {
  const cfg = session.config;
  const c = cfg.choices;
  const d = cfg.duration_s;
  const topic = h("textarea", { id: "topic", name: "topic", rows: 2, maxlength: 300, required: true, placeholder: "a lighthouse keeper hears knocking from below" });
  const duration = h("input", { id: "duration", type: "number", min: d.min, max: d.max, step: 1, value: String(d.default), inputmode: "numeric" });
  const tone = select("tone", c.tone, { chosen: "paranormal" });
  const voice = select("voice", c.voice, { chosen: "default" });
  const profile = select("profile", c.profile, { blank: "(none)" });
  const music = select("music", c.music, { blank: "(the renderer's default)" });
  const seed = h("input", { id: "seed", type: "number", min: 0, max: 4294967295, step: 1, placeholder: "random", inputmode: "numeric" });
  const scenes = h("input", { id: "scenes", type: "number", min: 3, max: 15, step: 1, placeholder: "the writer decides", inputmode: "numeric" });
  const approval = h("input", { id: "approval", type: "checkbox" });
  const preview = h("input", { id: "preview", type: "checkbox" });
  const message = h("div", { id: "form-message", role: "alert" });
  const submit = h("button", { class: "primary", id: "submit", type: "submit" }, "Make the video");

  const form = h(
    "form",
    { class: "panel", id: "new-video", novalidate: true, onsubmit: (ev) => { ev.preventDefault(); send(); } },
    h("h1", null, "New video"),
    field("topic", "Topic", topic, "What the story is about, in a few words."),
    h("div", { class: "row" },
      field("duration_s", "Length (seconds)", duration),
      field("tone", "Tone", tone)),
    h("div", { class: "row" },
      field("voice", "Voice", voice),
      c.profile.length ? field("profile", "Profile", profile) : null),
    h("details", null, h("summary", null, "More choices"),
      h("div", { class: "row" },
        field("seed", "Seed", seed, "The same seed and topic make the same story."),
        field("scenes", "Scenes", scenes)),
      c.music.length ? field("music", "Music", music) : null),
    cfg.features.approval
      ? h("label", { class: "check" }, approval, "Let me read and approve the story before it is rendered")
      : null,
    cfg.features.preview
      ? h("label", { class: "check" }, preview, "Preview: a quick low-resolution draft (540x960) instead of the full render")
      : null,
    message,
    h("div", { class: "actions" }, submit),
  );

  function body() {
    const out = { topic: topic.value.trim(), duration_s: numberOrNull(duration), tone: tone.value, voice: voice.value };
    if (c.profile.length && profile.value) out.profile = profile.value;
    if (c.music.length && music.value) out.music = music.value;
    const s = numberOrNull(seed);
    if (s !== null) out.seed = s;
    const n = numberOrNull(scenes);
    if (n !== null) out.scenes = n;
    if (cfg.features.approval && approval.checked) out.approval = true;
    if (cfg.features.preview && preview.checked) out.preview = true;
    if (out.duration_s === null) delete out.duration_s;
    return out;
  }

  function clearErrors() {
    fill(message);
    for (const el of form.querySelectorAll(".field-error")) fill(el);
    for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }

  function showDetails(r) {
    const details = r.body?.details || [];
    let placed = 0;
    for (const d of details) {
      const slot = form.querySelector(`[data-field="${CSS.escape(d.field)}"] .field-error`);
      if (!slot) continue;
      slot.append(h("div", null, d.message));
      slot.parentElement.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
      placed += 1;
    }
    if (placed < details.length || !details.length) fill(message, h("p", { class: "error" }, problem(r)));
  }

  async function send() {
    clearErrors();
    submit.disabled = true;
    const r = await api("/jobs", { method: "POST", body: body() });
    submit.disabled = false;
    if (r.ok) {
      location.hash = `#/job/${r.body.job_id}`;
      return;
    }
    if (r.status === 422 && r.body?.error === "topic_refused") {
      // under the topic itself: it is the topic that was refused
      fill(form.querySelector("#topic-error"), h("div", { class: "refusal", id: "refusal" },
        h("strong", null, "This topic was refused: "), r.body.message,
        h("ul", null, r.body.details.map((d) => h("li", { dataset: { category: d.rule } },
          h("span", { class: "category" }, d.rule), ": ", d.message)))));
      topic.setAttribute("aria-invalid", "true");
      return;
    }
    showDetails(r);
  }

  fill(root, form);
  topic.focus();
  return null;
}
